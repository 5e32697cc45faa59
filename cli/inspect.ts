/**
 * `tamed inspect`: what each worker module runs as it loads, and what it loads. It reads
 * the manifests the build writes (`__tamed__/manifest.json`, see
 * transformer/emit/manifest.cts) and prints them; files loaded whole whose top-level code
 * does more than declare are flagged, since that code runs again in every worker.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import type { Inventory as Written } from "../transformer/emit/manifest.cjs";
import { CliError, configChain, outDirOf, project } from "./project.js";

/**
 * One worker module's inventory as the CLI reads it. The transformer's writer owns the
 * format (a type import: nothing of the transformer loads here); `whole` is optional
 * because a build of an older tamed did not write it.
 */
export type Inventory = Omit<Written, "whole"> & Partial<Pick<Written, "whole">>;

export interface Manifest {
  /** The manifest file, relative to the current folder. */
  readonly file: string;
  readonly outputs: readonly string[];
  readonly modules: readonly Inventory[];
}

const WORKER_DIR = "__tamed__";
const MANIFEST = "manifest.json";
/** How deep under the folder manifests are looked for (a no-outDir build writes one beside the sources). */
const DEPTH = 6;

const BUILD_FIRST =
  "build first (npm run build, with tspc); for a tamed/esbuild build, name esbuild's outdir with --out <folder>";

/** Manifests at or under `dir`: its `__tamed__/manifest.json`, and those of its subfolders (not node_modules). */
function manifestsUnder(dir: string, depth = DEPTH): string[] {
  const here = join(dir, WORKER_DIR, MANIFEST);
  const found = existsSync(here) ? [here] : [];
  if (basename(dir) === WORKER_DIR && existsSync(join(dir, MANIFEST))) found.push(join(dir, MANIFEST));
  if (depth === 0) return found;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory() || e.name === "node_modules" || e.name === WORKER_DIR || e.name.startsWith(".")) continue;
    found.push(...manifestsUnder(join(dir, e.name), depth - 1));
  }
  return found;
}

/** The folder to look in: `--out`, else the tsconfig's outDir, else the tsconfig's folder (a build without outDir). */
function searchRoot(cwd: string, out: string | undefined, tsconfig: string | undefined): string {
  if (out !== undefined) return resolve(cwd, out);
  let p;
  try {
    p = project(cwd, tsconfig);
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    throw new CliError(e.message, `${e.fix}; or name a build's output folder with --out <folder>`, 1);
  }
  return outDirOf(configChain(p.tsconfig)) ?? dirname(p.tsconfig);
}

function read(cwd: string, file: string): Manifest {
  const name = relative(cwd, file) || file;
  let data: { outputs?: unknown; modules?: unknown };
  try {
    data = JSON.parse(readFileSync(file, "utf8")) as typeof data;
  } catch (e) {
    throw new CliError(
      `${name} is not a manifest tamed can read (${(e as Error).message})`,
      "build again: the build rewrites it",
      1,
    );
  }
  if (!Array.isArray(data.modules))
    throw new CliError(
      `${name} has no list of modules: it was not written by tamed's transformer`,
      "build again: the build rewrites it",
      1,
    );
  return {
    file: name,
    outputs: Array.isArray(data.outputs) ? (data.outputs as string[]) : [],
    modules: data.modules as Inventory[],
  };
}

/** The manifests of the project's build (or of the folder `out`), each with its modules. */
export function findManifests(cwd: string, out: string | undefined, tsconfig: string | undefined): Manifest[] {
  const dir = searchRoot(cwd, out, tsconfig);
  const name = relative(cwd, dir) || ".";
  if (!existsSync(dir)) throw new CliError(`there is no ${name}/: nothing was built there yet`, BUILD_FIRST, 1);
  const files = statSync(dir).isFile() ? [dir] : manifestsUnder(dir);
  if (files.length === 0)
    throw new CliError(
      `no worker modules under ${name}/ (no ${WORKER_DIR}/${MANIFEST}): it was not built with tamed, or has no marked functions`,
      BUILD_FIRST,
      1,
    );
  return files.sort().map((f) => read(cwd, f));
}

/** Keeps the modules of the functions named (`area` finds `Shapes.area` too); a name that finds none is an error. */
export function select(manifests: readonly Manifest[], names: readonly string[]): Manifest[] {
  if (names.length === 0) return [...manifests];
  const matches = (m: Inventory, n: string): boolean => m.function === n || m.function.endsWith(`.${n}`);
  const all = manifests.flatMap((m) => m.modules);
  const unknown = names.filter((n) => !all.some((m) => matches(m, n)));
  if (unknown.length > 0) {
    const known = [...new Set(all.map((m) => m.function))].sort().join(", ");
    throw new CliError(
      `no worker module for ${unknown.map((n) => `\`${n}\``).join(", ")}`,
      `name one of the marked functions the build found: ${known || "(none)"}`,
      1,
    );
  }
  return manifests
    .map((m) => ({ ...m, modules: m.modules.filter((i) => names.some((n) => matches(i, n))) }))
    .filter((m) => m.modules.length > 0);
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The listing, as lines. */
export function listing(cwd: string, manifests: readonly Manifest[]): string[] {
  const lines: string[] = [];
  const flagged: { file: string; fn: string; count: number }[] = [];
  for (const man of manifests) {
    lines.push(`${man.file}: ${plural(man.modules.length, "worker module")}`);
    const root = dirname(dirname(resolve(cwd, man.file)));
    for (const m of man.modules) {
      const width =
        Math.max(
          0,
          ...m.runs.map((r) => r.at.length),
          ...(m.whole ?? []).flatMap((w) => w.acts.map((a) => a.at.length)),
        ) + 2;
      const pad = (s: string): string => s.padEnd(width);
      lines.push("", `${m.function} (${m.source})`, `  worker module: ${relative(cwd, join(root, m.module))}`);
      lines.push("  runs at load (of files with markers, only the statements it needs):");
      for (const r of m.runs) {
        lines.push(`    ${pad(r.at)}${r.code}`);
        if (r.setup !== undefined) lines.push(`    ${pad("")}^ setup: ${r.setup}`);
      }
      if (m.whole === undefined) {
        lines.push(
          `  bundles: ${m.bundles.join(", ") || "nothing else"} (built by an older tamed: rebuild to see which files it loads whole)`,
        );
      } else if (m.whole.length === 0) {
        lines.push("  loads whole: no other file of yours");
      } else {
        lines.push("  loads whole (files without markers: all their top-level code runs in each worker):");
        for (const w of m.whole) {
          const via = w.via === undefined ? "" : ` (imported at ${w.via})`;
          if (w.acts.length === 0) {
            lines.push(`    ${w.file}${via}: declarations only`);
            continue;
          }
          const count = w.acts.length + (w.more ?? 0);
          flagged.push({ file: w.file, fn: m.function, count });
          lines.push(
            `    ${w.file}${via}`,
            `      WARNING: ${plural(count, "top-level statement")} here ${count === 1 ? "does" : "do"} more than declare, and ${count === 1 ? "runs" : "run"} in every worker:`,
          );
          for (const a of w.acts) lines.push(`        ${pad(a.at)}${a.code}`);
          if (w.more !== undefined) lines.push(`        ... and ${w.more} more`);
        }
      }
      lines.push(`  imports: ${m.imports.join(", ") || "no packages"}`);
    }
    lines.push("");
  }
  if (flagged.length > 0) {
    const files = [...new Set(flagged.map((f) => f.file))];
    lines.push(
      `WARNING: ${plural(files.length, "file")} loaded whole by worker modules ${files.length === 1 ? "runs" : "run"} code at load in every worker:`,
      ...files.map(
        (f) => `  ${f} (loaded by ${[...new Set(flagged.filter((x) => x.file === f).map((x) => x.fn))].join(", ")})`,
      ),
      "  If that code must not run in workers (a server, a timer, a connection), move what the marked functions use",
      "  out of the file into one that only declares, and import it from both places.",
    );
  }
  return lines;
}
