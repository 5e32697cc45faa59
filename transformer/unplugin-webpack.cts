/**
 * The webpack and Rspack side of tamed/unplugin's plugin (unplugin.cts; tamed/webpack,
 * tamed/rspack), done through the compiler API the two tools share: `tamed` kept external,
 * the worker modules emitted as assets of each compilation beside the chunks that hold
 * their functions (found in the compilation's chunk graph), and the analysis closed when
 * the build or the watch ends.
 */
import * as path from "node:path";
import { TAMED, withoutQuery, type BundleAnalyzer, type Emitted } from "./bundler.cjs";
import type { BundleMainThread } from "./emit/build-protocol.cjs";

/** Builds the worker modules of a bundle written to `dir` as its assets (unplugin-workers.cts' workerAssets). */
export type WorkerAssets = (
  dir: string,
  chunksOf: (file: string) => readonly string[],
  mainThread: BundleMainThread,
) => Promise<Emitted[]>;

/**
 * Sets the plugin up on a webpack or Rspack compiler. `cwd` is the plugin's project folder
 * (the compiler's context, once it has one), `analyzer` its analysis, and `workerAssets`
 * builds the worker modules of the current analysis.
 */
export function setupWebpackLike(
  compiler: WebpackLikeCompiler,
  cwd: () => string,
  analyzer: BundleAnalyzer,
  workerAssets: WorkerAssets,
): void {
  const esm = compiler.options.output.module === true || compiler.options.experiments?.outputModule === true;
  new compiler.webpack.ExternalsPlugin(
    esm ? "module" : "node-commonjs",
    ({ request }: { request?: string }, callback: (e?: Error | null, result?: string) => void) => {
      if (request !== undefined && TAMED.test(request)) callback(null, request);
      else callback();
    },
  ).apply(compiler);
  compiler.hooks.done.tap("tamed", () => {
    if (compiler.watchMode !== true) analyzer.close();
  });
  compiler.hooks.watchClose.tap("tamed", () => analyzer.close());
  // A compilation that failed before done (an analysis error in buildStart) ends with the compiler's close.
  compiler.hooks.shutdown.tap("tamed", () => analyzer.close());
  compiler.hooks.thisCompilation.tap("tamed", (compilation) => {
    compilation.hooks.processAssets.tapPromise(
      { name: "tamed", stage: compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL },
      async () => {
        const dir = compilation.outputOptions.path ?? compiler.options.output.path ?? path.join(cwd(), "dist");
        const byFile = new Map<string, string[]>();
        for (const chunk of compilation.chunks) {
          const js = [...chunk.files].find((f) => /\.[cm]?js$/.test(f));
          if (js === undefined) continue;
          for (const file of sourcesOf(compilation.chunkGraph.getChunkModulesIterable(chunk)))
            byFile.set(file, [...(byFile.get(file) ?? []), js]);
        }
        try {
          const sourcemap =
            typeof compiler.options.devtool === "string" && compiler.options.devtool.includes("source-map");
          const main = {
            kind: "bundle",
            // Names as written, whatever the minimizer does to the modules after (esbuild's
            // keepNames sets each name as a string, which mangling leaves): a bundle whose
            // minimizer keeps names computes the same names inline (README, Compatibility).
            keepNames: true,
            sourcemap,
            assets: emittedAssets(compilation, cwd(), dir),
          } as const;
          for (const f of await workerAssets(dir, (file) => byFile.get(file) ?? [], main))
            compilation.emitAsset(f.fileName, new compiler.webpack.sources.RawSource(f.source));
        } catch (e) {
          compilation.errors.push(new compiler.webpack.WebpackError(e instanceof Error ? e.message : String(e)));
        }
      },
    );
  });
}

/**
 * The files the compilation emitted from source files (an asset module's, such as what
 * `new URL("./words.txt", import.meta.url)` names): the source file's absolute path to the
 * emitted one's. Both tools note the source in the asset's info (`sourceFilename`, relative
 * to the compiler's context).
 */
function emittedAssets(compilation: WebpackLikeCompilation, context: string, dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of compilation.getAssets()) {
    const source = a.info.sourceFilename;
    if (typeof source === "string") out[path.resolve(context, source)] = path.join(dir, a.name);
  }
  return out;
}

/** The source files of a chunk's modules; a module that production builds concatenated lists those it holds. */
function sourcesOf(modules: Iterable<unknown>, out = new Set<string>()): Set<string> {
  for (const m of modules) {
    const { resource, modules: inner } = m as { resource?: unknown; modules?: unknown };
    if (typeof resource === "string") out.add(withoutQuery(resource));
    if (inner !== null && typeof inner === "object" && Symbol.iterator in inner)
      sourcesOf(inner as Iterable<unknown>, out);
  }
  return out;
}

/** The part of webpack's and Rspack's compiler API this plugin uses (both have it; their types differ in detail). */
export interface WebpackLikeCompiler {
  readonly options: {
    context?: string;
    output: { path?: string; module?: boolean };
    experiments?: { outputModule?: boolean };
    optimization?: { minimize?: boolean };
    devtool?: string | false;
  };
  readonly webpack: {
    ExternalsPlugin: new (type: string, externals: unknown) => { apply(compiler: WebpackLikeCompiler): void };
    Compilation: { PROCESS_ASSETS_STAGE_ADDITIONAL: number };
    sources: { RawSource: new (source: string) => unknown };
    WebpackError: new (message: string) => Error;
  };
  readonly watchMode?: boolean;
  readonly hooks: {
    thisCompilation: { tap(name: string, fn: (compilation: WebpackLikeCompilation) => void): void };
    done: { tap(name: string, fn: () => void): void };
    watchClose: { tap(name: string, fn: () => void): void };
    shutdown: { tap(name: string, fn: () => void): void };
  };
}

interface WebpackLikeCompilation {
  readonly outputOptions: { path?: string };
  readonly chunks: Iterable<{ readonly files: Iterable<string> }>;
  readonly chunkGraph: { getChunkModulesIterable(chunk: unknown): Iterable<unknown> };
  readonly errors: Error[];
  readonly hooks: {
    processAssets: { tapPromise(options: { name: string; stage: number }, fn: () => Promise<void>): void };
  };
  emitAsset(file: string, source: unknown): void;
  getAssets(): readonly { readonly name: string; readonly info: { readonly sourceFilename?: unknown } }[];
}
