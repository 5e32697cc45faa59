/**
 * doctor's check of the layout TypeScript 6 refuses: `outDir` set without `rootDir` while the
 * sources all sit in a folder below the tsconfig's stops tsc with TS5011 (since 6 it no longer
 * takes rootDir from where the sources are). The README's tsconfig once led there.
 */
import { readdirSync, existsSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import type { Finding } from "./doctor.js";
import { major, outDirOf, type Project } from "./project.js";
import { name, Settings, UNKNOWN, type Chain } from "./tsconfig-settings.js";

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

export function rootDirCheck(p: Project, chain: Chain, s: Settings, typescript: string): Finding | undefined {
  const rel = missingRootDir(p, chain, s, typescript);
  if (rel === undefined) return undefined;
  return {
    ok: false,
    what: `${name(p)} sets "outDir" without "rootDir", and its sources are all in ${rel}/: TypeScript ${major(typescript)} stops with TS5011 (since 6 it no longer takes rootDir from where the sources are)`,
    fix: `add "rootDir": "${rel}" to compilerOptions`,
  };
}

/**
 * The `rootDir` a TypeScript 6+ build needs and the tsconfig lacks (the folder that holds
 * every source, relative to the tsconfig), or undefined when tsc will not stop with TS5011.
 * setup adds it; doctor reports it.
 */
export function missingRootDir(p: Project, chain: Chain, s: Settings, typescript: string): string | undefined {
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
  return relative(configDir, common).split(sep).join("/");
}
