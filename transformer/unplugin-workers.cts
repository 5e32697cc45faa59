/**
 * The worker modules of a build with tamed/unplugin's plugin (unplugin.cts), built by the
 * project's esbuild: as assets of the bundler's own build, in a __tamed__/ folder beside
 * each chunk that holds a marked function; or, under Vite's `serve` (a dev server, vitest),
 * where no output file exists, written to node_modules/.tamed/, the folder the stubs then
 * name.
 */
import { createRequire } from "node:module";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type * as ts from "typescript";
import type { MarkedFunction } from "./analyze.cjs";
import { buildWorkers, findingsError, type Edited, type Emitted } from "./bundler.cjs";
import type { BundleMainThread } from "./emit/build-protocol.cjs";
import type { Esbuild } from "./emit/module-build.cjs";
import { checkEsbuild } from "./esbuild-version.cjs";
import type { Base } from "./emit/stub-text.cjs";

/** The project's esbuild (a dev dependency of the app), else one tamed can see; a version tamed supports. */
function loadEsbuild(cwd: string): Esbuild {
  for (const from of [path.join(cwd, "package.json"), __filename]) {
    let esbuild: Esbuild & { readonly version: string };
    try {
      esbuild = createRequire(from)("esbuild") as Esbuild & { readonly version: string };
    } catch {
      continue;
    }
    return checkEsbuild(esbuild, `the project at ${cwd}`);
  }
  throw new Error(
    "esbuild is not installed: tamed bundles each worker module with it at build time. Install it as a dev dependency: npm install --save-dev esbuild",
  );
}

/**
 * Tells the tamed runtime loaded in this process (a dev server runs the app in its own
 * process) that the worker modules were rewritten: threads that imported the old ones
 * are retired (docs/contract.md section 4). Nothing happens where no runtime is loaded.
 */
function workerModulesChanged(): void {
  const hooks = (globalThis as Record<symbol, unknown>)[Symbol.for("tamed.workerModulesChanged")];
  if (hooks instanceof Set) for (const retire of hooks as Set<() => void>) retire();
}

const cacheDir = (cwd: string): string => path.join(cwd, "node_modules", ".tamed");

/**
 * How the stubs name where they run from under `serve`: the code runs from the sources, so
 * no output file can say where the worker modules are, and the stubs name the folder they
 * are written to instead.
 */
export function serveBase(cwd: string): Base {
  return { expression: JSON.stringify(pathToFileURL(path.join(cacheDir(cwd), "main.js")).href) };
}

/** Under `serve`, builds the analysis' worker modules into node_modules/.tamed/; rejects with its errors. */
export function serveWorkers(cwd: string, edited: Edited): Promise<void> {
  // The main thread runs each source file as itself, unbundled, as Node runs tsc's output.
  return buildWorkers(
    loadEsbuild(cwd),
    edited,
    cacheDir(cwd),
    (sf) => path.resolve(sf.fileName),
    // Vite's own transform of each file: no decorator metadata.
    { kind: "node", decoratorMetadata: false },
    true,
  ).then((r) => {
    if (r.findings.length > 0) throw findingsError(r.findings, cwd);
    workerModulesChanged();
  });
}

/**
 * Builds the worker modules of the analysis `all` for a bundle written to `dir`. `chunksOf`
 * says which output files (relative to `dir`) hold a source file's code. Each function's
 * module goes into a __tamed__/ folder beside the chunk that holds it, as tsc's go beside
 * each emitted file: the stub names it relative to that chunk (`import.meta.url`,
 * `__filename`), wherever the tool puts its chunks (Vite puts a server build's split chunks
 * in assets/). A function in no chunk is not in the bundle, and gets no module. `mainThread`
 * says what of the tool's semantics the modules follow (names, source maps, side effects).
 */
export async function workerAssets(
  all: Edited | undefined,
  cwd: string,
  dir: string,
  chunksOf: (file: string) => readonly string[],
  mainThread: BundleMainThread,
): Promise<Emitted[]> {
  if (all === undefined || all.analysis.functions.length === 0) return [];
  const groups = new Map<string, MarkedFunction[]>();
  for (const m of all.analysis.functions) {
    for (const folder of new Set(
      chunksOf(path.resolve(m.sourceFile.fileName)).map((c) => path.posix.dirname(c.replaceAll("\\", "/"))),
    )) {
      const g = groups.get(folder);
      if (g === undefined) groups.set(folder, [m]);
      else g.push(m);
    }
  }
  const esbuild = loadEsbuild(cwd);
  const built = await Promise.all(
    [...groups].map(async ([folder, functions]) => {
      const inFolder = (sf: ts.SourceFile): string => {
        const chunks = chunksOf(path.resolve(sf.fileName));
        return (
          chunks.find((c) => path.posix.dirname(c.replaceAll("\\", "/")) === folder) ??
          chunks[0] ??
          path.posix.join(folder, "index.js")
        );
      };
      const part: Edited = { ...all, analysis: { ...all.analysis, functions } };
      const r = await buildWorkers(
        esbuild,
        part,
        path.join(dir, folder),
        (sf) => path.join(dir, inFolder(sf)),
        mainThread,
        false,
      );
      if (r.findings.length > 0) throw findingsError(r.findings, cwd);
      return r.files.map((f) => ({ fileName: path.posix.join(folder, f.fileName), source: f.source }));
    }),
  );
  return built.flat();
}
