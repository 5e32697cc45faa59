/**
 * doctor's checks of the compiler options that make tsc fail before tamed's plugin matters,
 * each a setup the README's tsconfig once led to:
 * - TypeScript 6 stops with TS5011 when `outDir` is set without `rootDir` and the sources all
 *   sit in a folder below the tsconfig's (6 no longer takes rootDir from the sources);
 * - tamed's declarations (dist/runtime/*.d.ts) import `node:worker_threads` and
 *   `node:async_hooks`: without Node's types loaded tsc reports TS2591 on them (and since
 *   TypeScript 6, no `types` means no @types package is loaded);
 * - they also use `AggregateError` (lib es2021) and `Symbol.dispose` / `Symbol.asyncDispose`
 *   (lib esnext.disposable, or declared by @types/node): a lib without them is TS2304 / TS2550.
 * `skipLibCheck` skips checking the declarations, and with it the last two.
 *
 * Options come from the tsconfig and the files it extends by relative path; an option left to a
 * package's base config (`"extends": "@tsconfig/node22"`) is not read, and its checks are skipped
 * rather than guessed.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
import type { Finding } from "./doctor.js";
import { plain, type JsonNode } from "./jsonc.js";
import { configChain, installedManifest, major, outDirOf, readPackageJson, type Project } from "./project.js";

type Chain = ReadonlyArray<{ file: string; root: JsonNode }>;

/** An option a package's base config may set, which doctor does not read. */
const UNKNOWN = Symbol("unknown");

/** The tsconfig's settings as tsc reads them: the nearest config of the chain that sets each wins. */
class Settings {
  /** Some config extends a package's base config, which is not read: an unset option is unknown. */
  private readonly partial: boolean;
  constructor(private readonly chain: Chain) {
    this.partial = chain.some((c) => {
      const ext = (plain(c.root) as { extends?: unknown } | null)?.extends;
      return (Array.isArray(ext) ? ext : [ext]).some((e) => typeof e === "string" && !e.startsWith("."));
    });
  }
  private find(key: string, inOptions: boolean): { value: unknown; file: string } | undefined {
    for (const c of this.chain) {
      const data = plain(c.root) as Record<string, unknown> | null;
      const from = inOptions ? (data?.["compilerOptions"] as Record<string, unknown> | undefined) : data;
      if (from !== null && typeof from === "object" && from[key] !== undefined)
        return { value: from[key], file: c.file };
    }
    return undefined;
  }
  /** A compiler option: its value, `undefined` when no config sets it, or `unknown` when a package's base may. */
  option(key: string): unknown {
    const found = this.find(key, true);
    return found !== undefined ? found.value : this.partial ? UNKNOWN : undefined;
  }
  /** A top-level setting (`include`, `files`) with the config that sets it, for its relative paths. */
  top(key: string): { value: unknown; file: string } | undefined | typeof UNKNOWN {
    return this.find(key, false) ?? (this.partial ? UNKNOWN : undefined);
  }
}
const name = (p: Project): string => relative(p.root, p.tsconfig) || "tsconfig.json";

// ---------------------------------------------------------------------------------------------
// TS5011: outDir without rootDir, on TypeScript 6 or later.

const SKIP_DIRS = new Set(["node_modules", "bower_components", "jspm_packages"]);

/** TypeScript sources (not declarations) under `dir`, as tsc's default include finds them; at most `limit`. */
function sourcesUnder(dir: string, skip: ReadonlySet<string>, out: string[], limit: number, depth = 12): void {
  if (depth < 0 || out.length >= limit || skip.has(dir)) return;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    if (out.length >= limit) return;
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name) && !e.name.startsWith("."))
        sourcesUnder(join(dir, e.name), skip, out, limit, depth - 1);
    } else if (/\.(?:[cm]?ts|tsx)$/.test(e.name) && !/\.d\.[cm]?ts$/.test(e.name)) out.push(join(dir, e.name));
  }
}

/** The deepest folder holding every file, as tsc computes the common source directory. */
function commonDir(files: readonly string[]): string | undefined {
  const [first, ...rest] = files.map((f) => dirname(f).split(sep));
  if (first === undefined) return undefined;
  let n = first.length;
  for (const parts of rest) {
    let i = 0;
    while (i < n && i < parts.length && parts[i] === first[i]) i++;
    n = i;
  }
  return first.slice(0, n).join(sep) || sep;
}

function rootDirCheck(p: Project, chain: Chain, s: Settings, typescript: string): Finding | undefined {
  if (major(typescript) < 6) return undefined;
  const [outDir, rootDir, noEmit, composite] = ["outDir", "rootDir", "noEmit", "composite"].map((k) => s.option(k));
  if (typeof outDir !== "string" || rootDir !== undefined || noEmit === true || composite === true) return undefined;
  if ([noEmit, composite].includes(UNKNOWN)) return undefined;
  const configDir = dirname(p.tsconfig);
  const files = s.top("files");
  const include = s.top("include");
  if (files === UNKNOWN || include === UNKNOWN) return undefined;
  // The folders to look in: `files` as they are, each `include` pattern's folder up to its first wildcard.
  const found: string[] = [];
  const bases: string[] = [];
  if (files !== undefined && Array.isArray(files.value))
    for (const f of files.value) if (typeof f === "string") found.push(resolve(dirname(files.file), f));
  const patterns =
    include !== undefined && Array.isArray(include.value)
      ? include.value.filter((x): x is string => typeof x === "string").map((x) => [dirname(include.file), x] as const)
      : files === undefined
        ? [[configDir, "**/*"] as const]
        : [];
  for (const [from, pattern] of patterns) {
    const parts = pattern.split(/[\\/]/);
    const wild = parts.findIndex((x) => /[*?]/.test(x));
    const literal = resolve(from, ...(wild < 0 ? parts : parts.slice(0, wild)));
    if (wild < 0 && /\.(?:[cm]?ts|tsx)$/.test(literal) && existsSync(literal)) found.push(literal);
    else bases.push(literal);
  }
  const out = outDirOf(chain);
  for (const base of bases) sourcesUnder(base, new Set(out === undefined ? [] : [out]), found, 10_000);
  const common = commonDir(found.filter((f) => !/\.d\.[cm]?ts$/.test(f)));
  if (common === undefined || common === configDir) return undefined;
  const rel = relative(configDir, common).split(sep).join("/");
  return {
    ok: false,
    what: `${name(p)} sets "outDir" without "rootDir", and its sources are all in ${rel}/: TypeScript ${major(typescript)} stops with TS5011 (since 6 it no longer takes rootDir from where the sources are)`,
    fix: `add "rootDir": "${rel}" to compilerOptions`,
  };
}

// ---------------------------------------------------------------------------------------------
// Node's types, and the lib tamed's declarations need.

type NodeTypes = "loaded" | "missing" | "excluded" | "unknown";

function nodeTypes(p: Project, s: Settings, typescript: string): { state: NodeTypes; finding?: Finding } {
  const types = s.option("types");
  const typeRoots = s.option("typeRoots");
  if (types === UNKNOWN || (types === undefined && typeRoots !== undefined)) return { state: "unknown" };
  const list = Array.isArray(types) ? types.filter((t): t is string => typeof t === "string") : undefined;
  const listed =
    list === undefined
      ? major(typescript) < 6
      : list.some((t) => t === "node" || t === "@types/node" || (major(typescript) >= 6 && t === "*"));
  const installed = installedManifest(p.root, "@types/node") !== undefined;
  if (listed && installed) return { state: "loaded" };
  if (!installed) {
    const add = listed
      ? ""
      : list === undefined
        ? ', and add "types": ["node"] to compilerOptions'
        : ', and add "node" to compilerOptions.types';
    return {
      state: "missing",
      finding: {
        ok: false,
        what: "@types/node is not installed: tamed's declarations import node:worker_threads and node:async_hooks, so tsc reports TS2591 (Cannot find name 'node:worker_threads') in node_modules/tamed",
        fix: `npm install --save-dev @types/node${add}`,
      },
    };
  }
  const failure =
    "@types/node is installed but not loaded, and tamed's declarations, which import node:worker_threads, fail with TS2591";
  return {
    state: "excluded",
    finding:
      list === undefined
        ? {
            ok: false,
            what: `${name(p)} has no "types", which since TypeScript 6 loads no @types package: ${failure}`,
            fix: 'add "types": ["node"] to compilerOptions',
          }
        : {
            ok: false,
            what: `${name(p)}'s "types" (${JSON.stringify(list)}) leaves out "node": ${failure}`,
            fix: 'add "node" to compilerOptions.types',
          },
  };
}

/** Whether the installed @types/node declares Symbol.dispose (newer ones do, or reference TypeScript's lib for it). */
function nodeTypesDeclareDispose(p: Project): boolean {
  let dir;
  try {
    dir = dirname(createRequire(join(p.root, "package.json")).resolve("@types/node/package.json"));
  } catch {
    return false;
  }
  const declares = /readonly\s+dispose\s*:\s*unique\s+symbol|<reference\s+lib\s*=\s*["']esnext(?:\.disposable)?["']/;
  for (const folder of [join(dir, "compatibility"), dir]) {
    let names: string[];
    try {
      names = readdirSync(folder).filter((n) => n.endsWith(".d.ts"));
    } catch {
      continue;
    }
    for (const n of names) if (declares.test(readFileSync(join(folder, n), "utf8"))) return true;
  }
  return false;
}

/** The target tsc uses when none is set (TypeScript 6 and later: the latest standard; 5.9: by module kind). */
function defaultTarget(typescript: string, module: unknown): string {
  if (major(typescript) >= 6) return "es2025";
  const kind = typeof module === "string" ? module.toLowerCase() : "";
  return kind === "nodenext" ? "esnext" : kind === "node20" ? "es2023" : /^node1[68]$/.test(kind) ? "es2022" : "es5";
}

const hasAggregateError = (libs: readonly string[]): boolean =>
  libs.some((l) => /^es(?:20(?:2[1-9]|[3-9]\d)|next)(?:\.full)?$/.test(l) || l === "es2021.promise");
const hasDispose = (libs: readonly string[]): boolean =>
  libs.some((l) => l === "esnext" || l === "esnext.full" || l === "esnext.disposable");

function libCheck(p: Project, s: Settings, typescript: string, node: NodeTypes): Finding | undefined {
  const lib = s.option("lib");
  const target = s.option("target");
  const module = s.option("module");
  if (lib === UNKNOWN || (lib === undefined && (target === UNKNOWN || (target === undefined && module === UNKNOWN))))
    return undefined;
  let libs: string[];
  let source: string;
  if (Array.isArray(lib)) {
    libs = lib.filter((l): l is string => typeof l === "string").map((l) => l.toLowerCase());
    source = `"lib" (${JSON.stringify(lib)})`;
  } else if (typeof target === "string") {
    libs = [target.toLowerCase().replace(/^es6$/, "es2015")];
    source = `"target" ("${target}", and no "lib")`;
  } else {
    const t = defaultTarget(typescript, module);
    libs = [t];
    const version = major(typescript) >= 6 ? `${major(typescript)}` : typescript.split(".").slice(0, 2).join(".");
    source = `default target (${t} on TypeScript ${version}${major(typescript) < 6 ? ` with module ${typeof module === "string" ? module : "unset"}` : ""}, and no "target" nor "lib")`;
  }
  const noAggregate = !hasAggregateError(libs);
  // Without Node's types loaded, the node types check speaks: a current @types/node declares Symbol.dispose.
  const noDispose = !hasDispose(libs) && node === "loaded" && !nodeTypesDeclareDispose(p);
  if (!noAggregate && !noDispose) return undefined;
  const missing = [
    ...(noAggregate ? ["AggregateError (es2021)"] : []),
    ...(noDispose ? ["Symbol.dispose and Symbol.asyncDispose (esnext.disposable)"] : []),
  ].join(" and no ");
  const nodeVersion = installedManifest(p.root, "@types/node")?.version;
  const undeclared = noDispose
    ? `, and @types/node${nodeVersion === undefined ? "" : ` ${nodeVersion}`} does not declare them`
    : "";
  const codes = [...(noAggregate ? ["TS2304"] : []), ...(noDispose ? ["TS2550"] : [])].join(" and ");
  const fixes: string[] = [];
  if (Array.isArray(lib)) {
    fixes.push(
      [
        ...(noAggregate ? ['use "es2021" or later in "lib"'] : []),
        ...(noDispose ? ['add "esnext.disposable" to "lib"'] : []),
      ].join(" and "),
    );
  } else {
    const wanted = [noAggregate ? "es2021" : libs[0]!, ...(noDispose ? ["esnext.disposable"] : [])];
    fixes.push(
      `add "lib": [${wanted.map((l) => JSON.stringify(l)).join(", ")}]${noAggregate ? " (or a later ES version than es2021)" : ""}`,
    );
  }
  if (noDispose && !noAggregate) fixes.push("install a newer @types/node (which declares them)");
  fixes.push('set "skipLibCheck": true');
  return {
    ok: false,
    what: `${name(p)}'s ${source} has no ${missing}, which tamed's declarations use${undeclared}: tsc reports ${codes} in node_modules/tamed`,
    fix: fixes.join(", or "),
  };
}

/** Whether the project depends on tamed, so that tsc reads tamed's declarations. */
function usesTamed(p: Project): boolean {
  const { data } = readPackageJson(p.root);
  const deps = { ...data.dependencies, ...data.devDependencies } as Record<string, unknown>;
  return deps["tamed"] !== undefined || installedManifest(p.root, "tamed") !== undefined;
}

/**
 * The compiler options that stop tsc (TypeScript `typescript`, as installed) before tamed's plugin
 * matters: TS5011, TS2591, TS2304 and TS2550. Nothing when the tsconfig cannot be read (the plugin
 * check reports that).
 */
export function tsconfigChecks(p: Project, typescript: string): Finding[] {
  let chain;
  try {
    chain = configChain(p.tsconfig);
  } catch {
    return [];
  }
  const s = new Settings(chain);
  const out: Finding[] = [];
  const layout = rootDirCheck(p, chain, s, typescript);
  if (layout !== undefined) out.push(layout);
  const skipLibCheck = s.option("skipLibCheck");
  if (skipLibCheck === true || skipLibCheck === UNKNOWN || !usesTamed(p)) return out;
  const node = nodeTypes(p, s, typescript);
  if (node.finding !== undefined) out.push(node.finding);
  const lib = libCheck(p, s, typescript, node.state);
  if (lib !== undefined) out.push(lib);
  return out;
}
