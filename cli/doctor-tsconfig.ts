/**
 * doctor's checks of the compiler options that make tsc fail before tamed's plugin matters,
 * each a setup the README's tsconfig once led to:
 * - TypeScript 6 stops with TS5011 on `outDir` without `rootDir` (doctor-rootdir.ts);
 * - tamed's declarations (dist/runtime/*.d.ts) import `node:worker_threads` and
 *   `node:async_hooks`: without Node's types loaded tsc reports TS2591 on them (and since
 *   TypeScript 6, no `types` means no @types package is loaded);
 * - they also use `AggregateError` (lib es2021) and `Symbol.dispose` / `Symbol.asyncDispose`
 *   (lib esnext.disposable, or declared by @types/node): a lib without them is TS2304 / TS2550.
 * `skipLibCheck` skips checking the declarations, and with it the last two.
 *
 * Options come from the tsconfig and the files it extends by relative path (tsconfig-settings.ts).
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Finding } from "./doctor.js";
import { rootDirCheck } from "./doctor-rootdir.js";
import { configChain, installedManifest, major, readPackageJson, type Project } from "./project.js";
import { name, Settings, UNKNOWN } from "./tsconfig-settings.js";

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
