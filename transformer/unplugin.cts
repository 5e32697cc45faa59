/**
 * tamed for Vite, Rollup, webpack, Rspack and esbuild: one plugin, made with unplugin
 * (`tamed/unplugin`, and `tamed/vite`, `tamed/rollup`, `tamed/webpack`, `tamed/rspack`).
 * unplugin is an optional peer dependency: a dev dependency of the app that builds, never
 * part of its production install.
 *
 * What it does is what tamed/esbuild does (bundler.cts): the analysis of the project from
 * its tsconfig (markers found by symbol, the same TS77001-TS77011 diagnostics), the stubs as edits of
 * the source text the bundler loads, and one worker module per marked function, built by
 * esbuild. Here the worker modules are emitted as assets of the bundler's own build, into
 * `<output folder>/__tamed__/`, and each stub finds its module from the output file it is
 * bundled into (`import.meta.url`, or `__filename` in webpack and Rspack, which rewrite
 * `import.meta.url` to the source file's). esbuild's own plugin is tamed/esbuild itself.
 *
 * Under a dev server or vitest (Vite's `serve`), there is no output: the worker modules are
 * written to `node_modules/.tamed/` and the stubs name that folder, so marked functions run
 * on real worker threads in tests too (TAMED_INLINE=1 still runs them inline).
 */
import { createRequire } from "node:module";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type * as ts from "typescript";
import type { UnpluginInstance, UnpluginOptions, UnpluginContextMeta } from "unplugin" with {
  "resolution-mode": "import",
};
import { bundleAnalyzer, buildWorkers, tscText, type Edited, type Emitted } from "./bundler.cjs";
import { candidateFiles, NAMES_TAMED } from "./candidates.cjs";
import type { MarkedFunction } from "./analyze.cjs";
import type { Finding } from "./diagnostics.cjs";
import type { Esbuild } from "./emit/module-build.cjs";
import tamedEsbuild from "./esbuild-plugin.cjs";
import { findTsconfig, readSources, sourceRoots } from "./project-files.cjs";

export interface TamedOptions {
  /**
   * The tsconfig.json that describes the project (its files, paths, decorators).
   * @default the tsconfig.json found from the bundler's root (Vite's `root`, webpack's `context`, else the working directory) upwards
   */
  tsconfig?: string;
}

function loadUnplugin(): typeof import("unplugin", { with: { "resolution-mode": "import" } }) {
  try {
    return createRequire(__filename)("unplugin") as typeof import("unplugin", {
      with: { "resolution-mode": "import" },
    });
  } catch (e) {
    throw new Error(
      `tamed's Vite, Rollup, webpack and Rspack plugins are made with unplugin, which is not installed. Install it as a dev dependency: npm install --save-dev unplugin (${String(e)})`,
      { cause: e },
    );
  }
}

/** The project's esbuild (a peer dependency: a dev dependency of the app), else one tamed can see. */
function loadEsbuild(cwd: string): Esbuild {
  for (const from of [path.join(cwd, "package.json"), __filename]) {
    try {
      return createRequire(from)("esbuild") as Esbuild;
    } catch {
      // next
    }
  }
  throw new Error(
    "esbuild is not installed: tamed bundles each worker module with it at build time. Install it as a dev dependency: npm install --save-dev esbuild",
  );
}

function failure(findings: readonly Finding[], cwd: string): Error {
  const e = new Error(
    `tamed found ${findings.length === 1 ? "an error" : `${findings.length} errors`}:\n${findings.map((f) => tscText(f, cwd)).join("\n")}`,
  );
  e.stack = e.message; // the plugin's own frames say nothing to the user
  return e;
}

/** `tamed` and its subpaths stay imports of the bundle: the worker threads load the runtime from the package, and the main thread must share that copy. */
const TAMED = /^tamed(?:\/.*)?$/;
const withoutQuery = (id: string): string => id.replace(/[?#].*$/, "");
const SOURCE = /\.(?:[cm]?ts|tsx)$/;

/**
 * Tells the tamed runtime loaded in this process (a dev server runs the app in its own
 * process) that the worker modules were rewritten: threads that imported the old ones
 * are retired (docs/contract.md section 4). Nothing happens where no runtime is loaded.
 */
function workerModulesChanged(): void {
  const hooks = (globalThis as Record<symbol, unknown>)[Symbol.for("tamed.workerModulesChanged")];
  if (hooks instanceof Set) for (const retire of hooks as Set<() => void>) retire();
}

const factory = (options: TamedOptions | undefined, meta: UnpluginContextMeta): UnpluginOptions => {
  const opts = options ?? {};
  const framework = meta.framework;
  const webpackLike = framework === "webpack" || framework === "rspack";
  /** Where the project is, and where the bundle goes (when the bundler says before it builds). */
  let cwd = process.cwd();
  let outDir: string | undefined;
  /** Vite's `serve` (dev server, vitest): no output folder; the worker modules go to node_modules/.tamed/. */
  let serve = false;
  let project: { configPath: string; dirs: string[]; texts: Map<string, string>; candidates: Set<string> } | undefined;
  let edited: Edited | undefined;
  /** In `serve`, the worker modules' build of the current analysis. */
  let serving: Promise<void> | undefined;
  /**
   * On TypeScript 7, the analysis runs in a tsc --api process, which the worker modules'
   * build still reads in generateBundle (after buildEnd): it ends with closeBundle, or for
   * a watch with closeWatcher, webpack's done or watchClose. Rebuilds in between reuse it.
   */
  const analyzer = bundleAnalyzer();

  const cacheDir = (): string => path.join(cwd, "node_modules", ".tamed");

  /** Reads the sources, analyses the files that may hold markers, and makes their edits; throws the analysis' errors. */
  function analyse(): void {
    const configPath = opts.tsconfig === undefined ? findTsconfig(cwd) : path.resolve(cwd, opts.tsconfig);
    if (configPath === undefined)
      throw new Error(`tamed: no tsconfig.json found from ${cwd}; pass tamed({ tsconfig })`);
    const skip = new Set([...(outDir === undefined ? [] : [outDir]), path.join(cwd, "node_modules")]);
    const dirs = sourceRoots(configPath).map((d) => path.resolve(d));
    const texts = readSources(dirs, skip);
    const candidates = candidateFiles(texts);
    project = { configPath, dirs, texts, candidates };
    edited = undefined;
    if (candidates.size === 0) return;
    // Under vitest the code runs from the sources, so no output file can say where the
    // worker modules are: the stubs name the folder they are written to instead.
    const base = serve
      ? { expression: JSON.stringify(pathToFileURL(path.join(cacheDir(), "main.js")).href) }
      : webpackLike
        ? "cjs"
        : "esm";
    const result = analyzer.analyze(cwd, configPath, base, texts, candidates);
    if (result.findings.length > 0) throw failure(result.findings, cwd);
    edited = result;
    if (serve && result.analysis.functions.length > 0) {
      // The main thread runs each source file as itself, unbundled, as Node runs tsc's output.
      serving = buildWorkers(
        loadEsbuild(cwd),
        result,
        cacheDir(),
        (sf) => path.resolve(sf.fileName),
        { kind: "node" },
        true,
      ).then((r) => {
        if (r.findings.length > 0) throw failure(r.findings, cwd);
        workerModulesChanged();
      });
    }
  }

  /**
   * Builds the worker modules for a bundle written to `dir`. `chunksOf` says which output
   * files (relative to `dir`) hold a source file's code. Each function's module goes into a
   * __tamed__/ folder beside the chunk that holds it, as tsc's go beside each emitted file:
   * the stub names it relative to that chunk (`import.meta.url`, `__filename`), wherever the
   * tool puts its chunks (Vite puts a server build's split chunks in assets/). A function in
   * no chunk is not in the bundle, and gets no module.
   */
  async function workerAssets(
    dir: string,
    chunksOf: (file: string) => readonly string[],
    keepNames: boolean,
    sourcemap: boolean,
  ): Promise<Emitted[]> {
    const all = edited;
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
          { kind: "bundle", keepNames, sourcemap },
          false,
        );
        if (r.findings.length > 0) throw failure(r.findings, cwd);
        return r.files.map((f) => ({ fileName: path.posix.join(folder, f.fileName), source: f.source }));
      }),
    );
    return built.flat();
  }

  /**
   * Rollup's generateBundle (Vite's too): the worker modules of the chunks written to `dir`,
   * as assets of the same build. A chunk lists the source files it holds (`moduleIds`).
   */
  function bundleAssets(
    dir: string,
    output: { readonly sourcemap?: unknown },
    bundle: Readonly<
      Record<
        string,
        | { readonly type: "asset" }
        | { readonly type: "chunk"; readonly fileName: string; readonly moduleIds: readonly string[] }
      >
    >,
  ): Promise<Emitted[]> {
    const chunks = Object.values(bundle).filter((c) => c.type === "chunk");
    const chunksOf = (file: string): string[] =>
      chunks.filter((c) => c.moduleIds.includes(file)).map((c) => c.fileName);
    return workerAssets(
      path.resolve(cwd, dir),
      chunksOf,
      true,
      output.sourcemap !== false && output.sourcemap !== undefined,
    );
  }

  return {
    name: "tamed",
    // Before the bundler's own TypeScript transform: the edits are made in the TypeScript source.
    enforce: "pre",
    buildStart() {
      analyse();
    },
    transformInclude(id) {
      // A dev server may transform before it starts the build (buildStart).
      if (project === undefined) analyse();
      const file = withoutQuery(id);
      // Under a dev server or vitest, any source file may have gained a marker since.
      if (serve && SOURCE.test(file) && !file.includes(`${path.sep}node_modules${path.sep}`)) return true;
      return project?.candidates.has(file) === true;
    },
    async transform(code, id) {
      const file = withoutQuery(id);
      if (serve && project !== undefined) {
        // A source file that changed since the analysis (dev server, vitest watch): analyse
        // again, and rebuild the worker modules, which may carry its code. A new file
        // matters once it may hold a marker (a file importing it changed too otherwise).
        const known = project.texts.get(file);
        const inSources = known !== undefined || project.dirs.some((d) => file.startsWith(d + path.sep));
        if (inSources && known !== code && (known !== undefined || NAMES_TAMED.test(code))) analyse();
      }
      await serving;
      const text = edited?.edits.get(file);
      return text === undefined ? undefined : { code: text, map: null };
    },
    vite: {
      configResolved(config) {
        cwd = config.root;
        serve = config.command === "serve";
        outDir = path.resolve(config.root, config.build.outDir);
      },
      resolveId(id) {
        // A dev server (and vitest) loads packages from node_modules itself.
        return !serve && TAMED.test(id) ? { id, external: true } : undefined;
      },
      // A dev server calls closeBundle once, when it closes (its watchMode is true, and no closeWatcher comes).
      closeBundle() {
        if (!this.meta.watchMode || serve) analyzer.close();
      },
      closeWatcher() {
        analyzer.close();
      },
      generateBundle: {
        // After Vite's own: a server-side build drops the assets it finds (build.ssrEmitAssets),
        // and these are code the server runs, not static files for a client build to serve.
        order: "post",
        async handler(output, bundle) {
          const dir = output.dir ?? (output.file === undefined ? outDir : path.dirname(output.file));
          if (dir === undefined) return;
          for (const f of await bundleAssets(dir, output, bundle))
            this.emitFile({ type: "asset", fileName: f.fileName, source: f.source });
        },
      },
    },
    rollup: {
      resolveId(id) {
        return TAMED.test(id) ? { id, external: true } : undefined;
      },
      // Rollup calls closeBundle after a failed build too; in watch mode after every rebuild, which keeps it.
      closeBundle() {
        if (!this.meta.watchMode) analyzer.close();
      },
      closeWatcher() {
        analyzer.close();
      },
      async generateBundle(output, bundle) {
        const dir = output.dir ?? (output.file === undefined ? undefined : path.dirname(output.file));
        if (dir === undefined) return;
        for (const f of await bundleAssets(dir, output, bundle))
          this.emitFile({ type: "asset", fileName: f.fileName, source: f.source });
      },
    },
    webpack(compiler) {
      webpackLikeSetup(compiler as unknown as WebpackLikeCompiler);
    },
    rspack(compiler) {
      webpackLikeSetup(compiler as unknown as WebpackLikeCompiler);
    },
    esbuild: {
      // esbuild's is tamed/esbuild itself: it loads only the files that may hold markers
      // (an onLoad hook that sees every file costs esbuild much of its speed).
      setup: tamedEsbuild(opts).setup,
    },
  };

  /** webpack and Rspack, through the API they share: `tamed` external, the worker modules as assets of each compilation. */
  function webpackLikeSetup(compiler: WebpackLikeCompiler): void {
    cwd = compiler.options.context ?? cwd;
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
          const dir = compilation.outputOptions.path ?? compiler.options.output.path ?? path.join(cwd, "dist");
          const byFile = new Map<string, string[]>();
          for (const chunk of compilation.chunks) {
            const js = [...chunk.files].find((f) => /\.[cm]?js$/.test(f));
            if (js === undefined) continue;
            for (const file of sourcesOf(compilation.chunkGraph.getChunkModulesIterable(chunk)))
              byFile.set(file, [...(byFile.get(file) ?? []), js]);
          }
          try {
            const minimize = compiler.options.optimization?.minimize === true;
            const sourcemap =
              typeof compiler.options.devtool === "string" && compiler.options.devtool.includes("source-map");
            for (const f of await workerAssets(dir, (file) => byFile.get(file) ?? [], !minimize, sourcemap))
              compilation.emitAsset(f.fileName, new compiler.webpack.sources.RawSource(f.source));
          } catch (e) {
            compilation.errors.push(new compiler.webpack.WebpackError(e instanceof Error ? e.message : String(e)));
          }
        },
      );
    });
  }
};

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
interface WebpackLikeCompiler {
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
}

/** The plugin for every bundler unplugin knows: `.vite()`, `.rollup()`, `.webpack()`, `.rspack()`, `.esbuild()`. */
export const unplugin: UnpluginInstance<TamedOptions | undefined> = loadUnplugin().createUnplugin(factory);
export type Options = TamedOptions;
