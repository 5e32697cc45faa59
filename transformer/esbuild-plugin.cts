/**
 * tamed as an esbuild plugin, for projects that bundle with esbuild and type-check with
 * tsc (`tamed/esbuild`):
 *
 *   import tamed from "tamed/esbuild";
 *   await esbuild.build({ entryPoints: ["src/main.ts"], bundle: true, outdir: "dist", format: "esm", platform: "node", plugins: [tamed()] });
 *
 * The same analysis as the tsc plugin (a TypeScript program made from the project's
 * tsconfig, so markers are still found by symbol), the same diagnostics (as esbuild
 * errors), the same worker modules; the stubs are edits of the source text that
 * esbuild loads. Worker modules go to `<outdir>/__tamed__/`, found from the bundle by
 * a path relative to it: bundles must be written at the top of `outdir` (or be `outfile`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { createHash } from "node:crypto";
import type { BuildOptions, OutputFile, PartialMessage, Plugin } from "esbuild";
import { bundleAnalyzer, buildWorkers, locate, type Emitted, type Located } from "./bundler.cjs";
import { loaderOf } from "./emit/module-request.cjs";
import type { Finding } from "./diagnostics.cjs";
import { candidateFiles, mayHoldMarkers } from "./candidates.cjs";
import { UnsupportedTypeScriptError } from "./errors.cjs";
import { checkEsbuild } from "./esbuild-version.cjs";
import type { Format } from "./module-format.cjs";
import { isUnread, outsideError, outsideFilter } from "./outside-files.cjs";
import { findTsconfig, readSources, sourceRoots } from "./project-files.cjs";
import { escapeRegExp } from "./text-patterns.cjs";

interface TamedEsbuildOptions {
  /**
   * The tsconfig.json that describes the project (its files, paths, decorators).
   * @default the tsconfig.json found from esbuild's working directory upwards
   */
  tsconfig?: string;
}

/** A finding as an esbuild message; its file relative to the working directory, as esbuild's own are. */
function toMessage(f: Finding | Located, cwd: string): PartialMessage {
  const { text, file, line, column, lineText, length } = "code" in f ? locate(f, cwd) : f;
  return file === undefined
    ? { text }
    : { text, location: { file, line: line!, column: column!, lineText: lineText!, length: length! } };
}

/** A worker module built in memory, as esbuild gives back its own files with write: false. */
function outputFile(root: string, e: Emitted): OutputFile {
  const contents = new TextEncoder().encode(e.source);
  const hash = createHash("sha256").update(contents).digest("base64url").slice(0, 16);
  return { path: path.join(root, e.fileName), contents, hash, text: e.source };
}

/** The bundle's file name under outdir, for a build with one entry point (else the folder is what is right). */
function bundleName(initial: BuildOptions): string {
  const ext = initial.outExtension?.[".js"] ?? ".js";
  const ep = initial.entryPoints;
  const first = Array.isArray(ep) ? ep[0] : ep === undefined ? undefined : Object.entries(ep)[0]?.[0];
  const name =
    first === undefined
      ? "index"
      : typeof first === "string"
        ? path.basename(first).replace(/\.[^.]*$/, "")
        : first.out;
  return name + ext;
}

// module.exports = tamed: `import tamed from "tamed/esbuild"` (ES module) and
// `require("tamed/esbuild")` (CommonJS) both get the function itself.
export = tamed;

// The options' type under the function's name, for `export =` (CommonJS): a namespace is how TypeScript says that.
// eslint-disable-next-line @typescript-eslint/no-namespace
namespace tamed {
  export type Options = TamedEsbuildOptions;
}

function tamed(options: TamedEsbuildOptions = {}): Plugin {
  return {
    name: "tamed",
    setup(build) {
      const initial = build.initialOptions;
      // Names as written, as tsc's output and the worker modules have them: without keepNames,
      // esbuild renames a class or function whose name another module of the bundle also
      // declares (`Item` becomes `Item2`), and `constructor.name` would differ between the
      // bundle and a worker (tamed/vite does the same for Rolldown). A build that sets keepNames
      // itself keeps its choice, and the worker modules follow it.
      initial.keepNames ??= true;
      const cwd = initial.absWorkingDir ?? process.cwd();
      // The esbuild running this plugin also bundles the worker modules.
      checkEsbuild(build.esbuild, `the esbuild running this build (${cwd})`);
      const configPath = options.tsconfig === undefined ? findTsconfig(cwd) : path.resolve(cwd, options.tsconfig);
      const outdir = initial.outdir ?? (initial.outfile === undefined ? undefined : path.dirname(initial.outfile));
      const skip = new Set(outdir === undefined ? [] : [path.resolve(cwd, outdir)]);
      // Where sources are: the tsconfig's include folders, and the entry points' folders.
      const entries = Array.isArray(initial.entryPoints)
        ? initial.entryPoints
        : Object.values(initial.entryPoints ?? {});
      const entryDirs = entries.map((e) => path.dirname(path.resolve(cwd, typeof e === "string" ? e : e.in)));
      const sourceDirs = [...(configPath === undefined ? [cwd] : sourceRoots(configPath)), ...entryDirs];
      // Which files may hold markers, from their text: every other file is left to esbuild
      // (an onLoad filter that matched every file cost esbuild alone 60% more).
      let firstTexts: Map<string, string> | undefined = readSources(sourceDirs, skip);
      /** The sources this build read: what a file from outside them is judged against. */
      let known: ReadonlyMap<string, string> = firstTexts;
      // tamed stays a package the bundle imports, also when everything else is bundled
      // (esbuild's default): its worker threads load the runtime's worker entry from the
      // package's folder, and every worker module imports "tamed" from there too. Inlined,
      // the runtime would look for its worker entry next to the bundle, and the main
      // thread and the workers would hold two copies of it.
      if (initial.packages !== "external") {
        build.onResolve({ filter: /^tamed(?:\/.*)?$/ }, (args) => ({ path: args.path, external: true }));
      }
      const watched = candidateFiles(firstTexts);
      // On TypeScript 7, the analysis' tsc --api process lives as long as this build or context: a rebuild reuses it.
      const analyzer = bundleAnalyzer();
      build.onDispose(() => analyzer.close());
      let edits = new Map<string, string>();
      /** This build's analysis (its errors), and the build of its worker modules, while they run. */
      let analysis: Promise<PartialMessage[]> | undefined;
      let workers: Promise<PartialMessage[]> | undefined;
      // write: false (the bundle comes back in memory): so do the worker modules, as more output files.
      const write = initial.write !== false;
      let emitted: OutputFile[] = [];

      build.onStart(() => {
        edits = new Map();
        emitted = [];
        workers = undefined;
        analysis = undefined;
        // The first build uses what setup read; a rebuild (watch, context) reads again.
        const texts = firstTexts ?? readSources(sourceDirs, skip);
        firstTexts = undefined;
        known = texts;
        const now = candidateFiles(texts);
        if (now.size === 0) return {};
        const added = [...now].filter((f) => !watched.has(f));
        if (added.length > 0) {
          return {
            errors: [
              {
                text: `tamed: ${added.map((f) => path.relative(cwd, f)).join(", ")} now may hold marked functions, which this build did not have when it started: start it again (esbuild plugins choose the files they load once)`,
              },
            ],
          };
        }
        const format: Format | undefined =
          initial.format === "cjs" ? "cjs" : initial.format === "esm" ? "esm" : undefined;
        if (format === undefined || outdir === undefined) {
          return {
            errors: [
              {
                text: 'tamed: set format to "esm" or "cjs", and outdir or outfile: worker modules are written next to the bundle',
              },
            ],
          };
        }
        if (configPath === undefined)
          return { errors: [{ text: `tamed: no tsconfig.json found from ${cwd}; pass tamed({ tsconfig })` }] };
        // The analysis runs after esbuild has started: it bundles every other file meanwhile,
        // and only the files with markers wait for it (onLoad).
        analysis = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
          const done = analyzeAndEdit(configPath, format, outdir, texts, now);
          workers = done.workers;
          return done.errors;
        });
        analysis.catch(() => undefined);
        return {};
      });

      /** Analyses the project, makes the stubs' edits, and starts building the worker modules. */
      function analyzeAndEdit(
        configPath: string,
        format: Format,
        outdir: string,
        texts: ReadonlyMap<string, string>,
        roots: ReadonlySet<string>,
      ): { errors: PartialMessage[]; workers?: Promise<PartialMessage[]> } {
        const edited = analyzer.analyze(cwd, configPath, format, texts, roots);
        // With findings, the refused functions' stubs (esbuild still writes the bundle): a call says why.
        edits = new Map(edited.edits);
        if (edited.findings.length > 0) return { errors: edited.findings.map((f) => toMessage(f, cwd)) };
        if (edited.analysis.functions.length === 0) return { errors: [] };
        // On the main thread every module's code is in the bundle: that is where its location expressions point.
        const bundle =
          initial.outfile !== undefined
            ? path.resolve(cwd, initial.outfile)
            : path.join(path.resolve(cwd, outdir), bundleName(initial));
        const mainThread = {
          kind: "bundle",
          keepNames: initial.keepNames === true,
          sourcemap: initial.sourcemap !== undefined && initial.sourcemap !== false,
        } as const;
        const built = buildWorkers(build.esbuild, edited, outdir, () => bundle, mainThread, write).then((r) => {
          emitted = r.files.map((e) => outputFile(path.resolve(cwd, outdir), e));
          return r.findings.map((f) => toMessage(f, cwd));
        });
        return { errors: [], workers: built };
      }

      if (watched.size > 0) {
        build.onLoad(
          {
            filter: new RegExp(`^(?:${[...watched].map(escapeRegExp).join("|")})$`),
          },
          async (args) => {
            await analysis?.catch(() => undefined);
            const contents = edits.get(path.resolve(args.path));
            return contents === undefined ? undefined : { contents, loader: loaderOf(args.path) };
          },
        );
      }

      // A TypeScript file from outside the folders read (outside-files.cts): one that may hold markers stops the build.
      const dirs = sourceDirs.map((d) => path.resolve(d));
      build.onLoad({ filter: outsideFilter(dirs), namespace: "file" }, (args) => {
        const file = path.resolve(args.path);
        if (!isUnread(file, known, dirs)) return undefined;
        const text = fs.readFileSync(file, "utf8");
        if (!mayHoldMarkers(text, watched, known)) return undefined;
        const config = configPath ?? path.join(cwd, "tsconfig.json");
        return { errors: [toMessage(outsideError(file, text, cwd, config, dirs), cwd)] };
      });

      build.onEnd(async (result) => {
        if (analysis === undefined) return undefined;
        let errors: PartialMessage[];
        try {
          errors = await analysis;
        } catch (e) {
          // A TypeScript tamed does not support is no failure of the analysis: its message says what to do.
          const unsupported = e instanceof UnsupportedTypeScriptError;
          errors = [
            {
              text: unsupported
                ? e.message
                : `tamed: the analysis failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
            },
          ];
        }
        const failed = [...errors, ...(workers === undefined ? [] : await workers)];
        if (!write && result.outputFiles !== undefined) result.outputFiles.push(...emitted);
        return { errors: failed };
      });
    },
  };
}
