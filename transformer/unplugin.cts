/**
 * tamed for Vite, Rollup, webpack, Rspack and esbuild: one plugin, made with unplugin
 * (`tamed/unplugin`, and `tamed/vite`, `tamed/rollup`, `tamed/webpack`, `tamed/rspack`).
 * unplugin is a dev dependency of the app that builds (tamed does not declare it), never
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
 *
 * This file holds the plugin over a build's life (the analysis, Vite's and Rollup's hooks);
 * the worker modules' builds are unplugin-workers.cts, webpack's and Rspack's side is
 * unplugin-webpack.cts.
 */
import { createRequire } from "node:module";
import * as path from "node:path";
import type { UnpluginInstance, UnpluginOptions, UnpluginContextMeta } from "unplugin" with {
  "resolution-mode": "import",
};
import { bundleAnalyzer, findingsError, TAMED, withoutQuery, type Edited, type Emitted } from "./bundler.cjs";
import { candidateFiles, mayHoldMarkers, NAMES_TAMED } from "./candidates.cjs";
import tamedEsbuild from "./esbuild-plugin.cjs";
import { isUnread, readOutside } from "./outside-files.cjs";
import { findTsconfig, readSources, sourceRoots } from "./project-files.cjs";
import { setupWebpackLike, type WebpackLikeCompiler } from "./unplugin-webpack.cjs";
import { serveBase, serveWorkers, workerAssets } from "./unplugin-workers.cjs";

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

const SOURCE = /\.(?:[cm]?ts|tsx)$/;

const factory = (options: TamedOptions | undefined, meta: UnpluginContextMeta): UnpluginOptions => {
  const opts = options ?? {};
  const framework = meta.framework;
  const webpackLike = framework === "webpack" || framework === "rspack";
  /** Where the project is, and where the bundle goes (when the bundler says before it builds). */
  let cwd = process.cwd();
  let outDir: string | undefined;
  /** Vite's `serve` (dev server, vitest): no output folder; the worker modules go to node_modules/.tamed/. */
  let serve = false;
  /** Whether the Vite build's output keeps names (outputOptions below). */
  let viteKeepNames = true;
  /** Whether Vite builds for a server (build.ssr), where there is no environment API to ask. */
  let ssrBuild = false;
  let project: { configPath: string; dirs: string[]; texts: Map<string, string>; candidates: Set<string> } | undefined;
  let edited: Edited | undefined;
  /** Files the bundle loaded from outside `project.dirs` that may hold markers: read and analysed with them from then on. */
  const outside = new Set<string>();
  /** In `serve`, the worker modules' build of the current analysis. */
  let serving: Promise<void> | undefined;
  /**
   * On TypeScript 7, the analysis runs in a tsc --api process, which the worker modules'
   * build still reads in generateBundle (after buildEnd): it ends with closeBundle, or for
   * a watch with closeWatcher, webpack's done or watchClose. Rebuilds in between reuse it.
   */
  const analyzer = bundleAnalyzer();

  /** Reads the sources, analyses the files that may hold markers, and makes their edits; throws the analysis' errors. */
  function analyse(): void {
    const configPath = opts.tsconfig === undefined ? findTsconfig(cwd) : path.resolve(cwd, opts.tsconfig);
    if (configPath === undefined)
      throw new Error(`tamed: no tsconfig.json found from ${cwd}; pass tamed({ tsconfig })`);
    const skip = new Set([...(outDir === undefined ? [] : [outDir]), path.join(cwd, "node_modules")]);
    const dirs = sourceRoots(configPath).map((d) => path.resolve(d));
    const texts = readSources(dirs, skip);
    readOutside(outside, texts);
    const candidates = candidateFiles(texts);
    project = { configPath, dirs, texts, candidates };
    edited = undefined;
    if (candidates.size === 0) return;
    const base = serve ? serveBase(cwd) : webpackLike ? "cjs" : "esm";
    const result = analyzer.analyze(cwd, configPath, base, texts, candidates);
    if (result.findings.length > 0) throw findingsError(result.findings, cwd);
    edited = result;
    if (serve && result.analysis.functions.length > 0) serving = serveWorkers(cwd, result);
  }

  /**
   * Rollup's generateBundle (Vite's too): the worker modules of the chunks written to `dir`,
   * as assets of the same build (unplugin-workers.cts). A chunk lists the source files it
   * holds (`moduleIds`); `moduleInfo` is the tool's view of a module (`this.getModuleInfo`),
   * whose side-effect verdict the worker modules follow.
   */
  function bundleAssets(
    dir: string,
    output: { readonly sourcemap?: unknown },
    moduleInfo: (id: string) => { readonly moduleSideEffects?: unknown } | null,
    keepNames: boolean,
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
    const sideEffects: Record<string, boolean> = {};
    for (const file of project?.texts.keys() ?? []) {
      // Rollup's is true, false or "no-treeshake"; Rolldown's may be null, no verdict.
      const v = moduleInfo(file)?.moduleSideEffects;
      if (v === false || v === true || v === "no-treeshake") sideEffects[file] = v !== false;
    }
    return workerAssets(edited, cwd, path.resolve(cwd, dir), chunksOf, {
      kind: "bundle",
      keepNames,
      sourcemap: output.sourcemap !== false && output.sourcemap !== undefined,
      sideEffects,
    });
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
      // A file from outside the folders read may hold markers too: transform looks.
      return project !== undefined && (project.candidates.has(file) || isUnread(file, project.texts, project.dirs));
    },
    async transform(code, id) {
      const file = withoutQuery(id);
      if (
        project !== undefined &&
        isUnread(file, project.texts, project.dirs) &&
        mayHoldMarkers(code, project.candidates, project.texts)
      ) {
        outside.add(file);
        analyse();
      } else if (serve && project !== undefined) {
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
        ssrBuild = Boolean(config.build.ssr);
        outDir = path.resolve(config.root, config.build.outDir);
      },
      // Names as written, as tsc's output and the worker modules have them: without keepNames,
      // Rolldown renames a class or function whose name another module also declares
      // (`Shape` becomes `Shape$1`), and `constructor.name` would differ between the bundle
      // and a worker. An output that sets keepNames itself keeps its choice, and the worker
      // modules follow it.
      // A client build (tamed has no worker threads in a browser) is left as it is.
      outputOptions(options) {
        const env = (this as { environment?: { config: { consumer: string } } }).environment;
        const server = env === undefined ? ssrBuild : env.config.consumer === "server";
        // Rolldown's options as generateBundle sees them have no keepNames: the output's, kept here.
        viteKeepNames = options.keepNames ?? server;
        return options.keepNames === undefined && server ? { ...options, keepNames: true } : null;
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
          for (const f of await bundleAssets(dir, output, (id) => this.getModuleInfo(id), viteKeepNames, bundle))
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
        // Rollup has no keepNames: it renames a function or class only where two collide.
        for (const f of await bundleAssets(dir, output, (id) => this.getModuleInfo(id), true, bundle))
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

  /** webpack and Rspack, through the API they share (unplugin-webpack.cts), on this plugin's analysis. */
  function webpackLikeSetup(compiler: WebpackLikeCompiler): void {
    cwd = compiler.options.context ?? cwd;
    setupWebpackLike(
      compiler,
      () => cwd,
      analyzer,
      (dir, chunksOf, mainThread) => workerAssets(edited, cwd, dir, chunksOf, mainThread),
    );
  }
};

/** The plugin for every bundler unplugin knows: `.vite()`, `.rollup()`, `.webpack()`, `.rspack()`, `.esbuild()`. */
export const unplugin: UnpluginInstance<TamedOptions | undefined> = loadUnplugin().createUnplugin(factory);
export type Options = TamedOptions;
