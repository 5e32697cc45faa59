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
import * as path from "node:path";
import type { BuildOptions, PartialMessage, Plugin } from "esbuild";
import type * as ts from "typescript";
import { analyze, type Analysis, type Layout } from "./analyze.cjs";
import { createContext, type Context } from "./context.cjs";
import type { Finding } from "./diagnostics.cjs";
import { candidateFiles } from "./candidates.cjs";
import { bundleFindings } from "./emit/build-findings.cjs";
import { afterBuild } from "./emit/manifest.cjs";
import { buildWorkerModules } from "./emit/module-build.cjs";
import { loaderOf, workerRequest } from "./emit/module-request.cjs";
import { WORKER_DIR } from "./emit/paths.cjs";
import { editedSource } from "./emit/stub-text.cjs";
import type { Format } from "./module-format.cjs";
import { loadTypeScript } from "./load-typescript.cjs";
import { findTsconfig, readSources, sourceRoots } from "./project-files.cjs";

interface TamedEsbuildOptions {
  /**
   * The tsconfig.json that describes the project (its files, paths, decorators).
   * @default the tsconfig.json found from esbuild's working directory upwards
   */
  tsconfig?: string;
}

/** A finding as an esbuild message; its file relative to the working directory, as esbuild's own are. */
function toMessage(f: Finding, cwd: string): PartialMessage {
  if (f.at === undefined) return { text: `TS${f.code}: ${f.message}` };
  const { line, character } = f.at.file.getLineAndCharacterOfPosition(f.at.start);
  const lineText = f.at.file.text.split(/\r?\n/)[line] ?? "";
  const file = path.relative(cwd, f.at.file.fileName).replaceAll("\\", "/");
  return { text: `TS${f.code}: ${f.message}`, location: { file, line: line + 1, column: character, lineText, length: f.at.length } };
}

/**
 * Text that may write one of these variables: assigns it or through it (`x =`, `x.a =`,
 * `x[i] +=`, `x++`, `delete x.a`), calls a mutator on it (`x.set(`), gives it to
 * Object.assign and the like, or passes it whole to a function (which may write its
 * parameter), or imports it under another name. A file without any of these cannot
 * change it, and need not be parsed.
 */
function mayWrite(names: readonly string[]): RegExp {
  const n = `(?:${names.map((x) => x.replace(/[$]/g, "\\$")).join("|")})`;
  const path_ = String.raw`(?:\s*(?:\.\s*[\w$]+|\[[^\]\n]*\]))*`;
  return new RegExp(
    [
      String.raw`\b${n}\b${path_}\s*(?:[-+*/%&|^]|\*\*|<<|>>>?|&&|\|\||\?\?)?=(?![=>])`,
      String.raw`\b${n}\b${path_}\s*(?:\+\+|--)`,
      String.raw`(?:\+\+|--|\bdelete)\s*${n}\b`,
      String.raw`\b${n}\b${path_}\s*\.\s*(?:set|add|delete|clear|push|pop|shift|unshift|splice|sort|reverse|fill|copyWithin|set[A-Z]\w*)\s*\(`,
      String.raw`[(,]\s*${n}\s*[,)]`,
      // imported under another name: what it writes through is not found by name
      String.raw`\b${n}\s+as\b`,
    ].join("|"),
  );
}

/**
 * The compiler host of the analysis: tsc's, but parsing JSDoc as tsc does (only where
 * types need it: markers are read from the comment text, see markers.cts), so the trees
 * are the ones the tsc plugin sees; with the sources' texts this build has already read
 * (path → text), and the folders' existence asked of the disk once.
 */
function analysisHost(tsi: typeof ts, options: ts.CompilerOptions, texts: ReadonlyMap<string, string>): ts.CompilerHost {
  const host = tsi.createCompilerHost(options);
  host.jsDocParsingMode = tsi.JSDocParsingMode.ParseForTypeErrors;
  const { readFile, fileExists, directoryExists } = host;
  // A text that starts with a byte order mark (or bytes UTF-8 cannot read, UTF-16's) is read as tsc reads it.
  const known = (file: string): string | undefined => {
    const text = texts.get(path.resolve(file));
    return text === undefined || /^[\uFEFF\uFFFD]/.test(text) ? undefined : text;
  };
  host.readFile = (file) => known(file) ?? readFile.call(host, file);
  host.fileExists = (file) => texts.has(path.resolve(file)) || fileExists.call(host, file);
  if (directoryExists !== undefined) {
    const dirs = new Map<string, boolean>();
    host.directoryExists = (dir) => {
      let exists = dirs.get(dir);
      if (exists === undefined) dirs.set(dir, (exists = directoryExists.call(host, dir)));
      return exists;
    };
  }
  return host;
}

/**
 * The program the analysis needs: the files that may hold markers and what they import;
 * then, if worker code reads variables that other files name, those files too (one of
 * them may change such a variable after load, see later-writes.cts). Not the whole
 * project: parsing and binding every file would cost more than esbuild's whole build.
 */
function analyzeProject(tsi: typeof ts, configPath: string, cwd: string, texts: ReadonlyMap<string, string>, roots: ReadonlySet<string>, layoutFor: (options: ts.CompilerOptions) => Layout): { ctx: Context; analysis: Analysis } {
  const read = tsi.readConfigFile(configPath, tsi.sys.readFile);
  if (read.error !== undefined) throw new Error(tsi.flattenDiagnosticMessageText(read.error.messageText, "\n"));
  // Only the options are used: the program's roots are `roots`, so the include patterns' files are not listed.
  const parsed = tsi.parseJsonConfigFileContent(read.config, { ...tsi.sys, readDirectory: () => [] }, path.dirname(configPath), undefined, configPath);
  const layout = layoutFor(parsed.options);
  const host = analysisHost(tsi, parsed.options, texts);
  let program = tsi.createProgram({ rootNames: [...roots], options: parsed.options, host });
  let ctx: Context = { ...createContext(tsi, program), cwd };
  let analysis = analyze(ctx, layout);
  if (analysis.readNames.size > 0) {
    const writes = mayWrite([...analysis.readNames]);
    const inProgram = new Set(program.getSourceFiles().map((sf) => path.resolve(sf.fileName)));
    // Import and export lists name a variable without writing it (`import { a, b }` is no call).
    const withoutLists = (text: string): string => text.replace(/\b(?:import|export)\b[^;{]*\{[^}]*\}/g, (m) => (/\bas\s/.test(m) ? m : ""));
    const more = [...texts].filter(([file, text]) => !inProgram.has(file) && writes.test(withoutLists(text))).map(([file]) => file);
    if (more.length > 0) {
      program = tsi.createProgram({ rootNames: [...roots, ...more], options: parsed.options, host, oldProgram: program });
      ctx = { ...createContext(tsi, program), cwd };
      analysis = analyze(ctx, layout);
    }
  }
  return { ctx, analysis };
}

/** The bundle's file name under outdir, for a build with one entry point (else the folder is what is right). */
function bundleName(initial: BuildOptions): string {
  const ext = initial.outExtension?.[".js"] ?? ".js";
  const ep = initial.entryPoints;
  const first = Array.isArray(ep) ? ep[0] : ep === undefined ? undefined : Object.entries(ep)[0]?.[0];
  const name = first === undefined ? "index" : typeof first === "string" ? path.basename(first).replace(/\.[^.]*$/, "") : first.out;
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
      const cwd = initial.absWorkingDir ?? process.cwd();
      const configPath = options.tsconfig === undefined ? findTsconfig(cwd) : path.resolve(cwd, options.tsconfig);
      const outdir = initial.outdir ?? (initial.outfile === undefined ? undefined : path.dirname(initial.outfile));
      const skip = new Set(outdir === undefined ? [] : [path.resolve(cwd, outdir)]);
      // Where sources are: the tsconfig's include folders, and the entry points' folders.
      const entries = Array.isArray(initial.entryPoints) ? initial.entryPoints : Object.values(initial.entryPoints ?? {});
      const entryDirs = entries.map((e) => path.dirname(path.resolve(cwd, typeof e === "string" ? e : e.in)));
      const sourceDirs = [...(configPath === undefined ? [cwd] : sourceRoots(configPath)), ...entryDirs];
      // Which files may hold markers, from their text: every other file is left to esbuild
      // (an onLoad filter that matched every file cost esbuild alone 60% more).
      let firstTexts: Map<string, string> | undefined = readSources(sourceDirs, skip);
      // tamed stays a package the bundle imports, also when everything else is bundled
      // (esbuild's default): its worker threads load the runtime's worker entry from the
      // package's folder, and every worker module imports "tamed" from there too. Inlined,
      // the runtime would look for its worker entry next to the bundle, and the main
      // thread and the workers would hold two copies of it.
      if (initial.packages !== "external") {
        build.onResolve({ filter: /^tamed(?:\/.*)?$/ }, (args) => ({ path: args.path, external: true }));
      }
      const watched = candidateFiles(firstTexts);
      let edits = new Map<string, string>();
      /** This build's analysis (its errors), and the build of its worker modules, while they run. */
      let analysis: Promise<PartialMessage[]> | undefined;
      let workers: Promise<PartialMessage[]> | undefined;

      build.onStart(() => {
        edits = new Map();
        workers = undefined;
        analysis = undefined;
        // The first build uses what setup read; a rebuild (watch, context) reads again.
        const texts = firstTexts ?? readSources(sourceDirs, skip);
        firstTexts = undefined;
        const now = candidateFiles(texts);
        if (now.size === 0) return {};
        const added = [...now].filter((f) => !watched.has(f));
        if (added.length > 0) {
          return { errors: [{ text: `tamed: ${added.map((f) => path.relative(cwd, f)).join(", ")} now may hold marked functions, which this build did not have when it started: start it again (esbuild plugins choose the files they load once)` }] };
        }
        const format: Format | undefined = initial.format === "cjs" ? "cjs" : initial.format === "esm" ? "esm" : undefined;
        if (format === undefined || outdir === undefined) {
          return { errors: [{ text: 'tamed: set format to "esm" or "cjs", and outdir or outfile: worker modules are written next to the bundle' }] };
        }
        if (configPath === undefined) return { errors: [{ text: `tamed: no tsconfig.json found from ${cwd}; pass tamed({ tsconfig })` }] };
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
      function analyzeAndEdit(configPath: string, format: Format, outdir: string, texts: ReadonlyMap<string, string>, roots: ReadonlySet<string>): { errors: PartialMessage[]; workers?: Promise<PartialMessage[]> } {
        // The project's own TypeScript, as for tsc: never a second copy of ours.
        const { ts: tsi, remember } = loadTypeScript(cwd);
        const root = path.resolve(cwd, outdir);
        const sourceRoot = path.dirname(configPath);
        // Flat, next to the bundle: __tamed__/<source path from rootDir, with dots>.<name>. From
        // rootDir (else the tsconfig's folder) as tsc lays out its output; a file outside it
        // loses its leading "..": a name starting with a dot would be a hidden file.
        const layoutFor = (options: ts.CompilerOptions): Layout => (sf, key) => {
          const base = options.rootDir ?? sourceRoot;
          const parts = path.relative(base, sf.fileName).replace(/\.[cm]?[jt]sx?$/, "").split(path.sep);
          const file = `${parts.filter((p) => p !== "..").join(".")}.${key}`;
          return { out: `${WORKER_DIR}/${file}`, fromStub: `./${WORKER_DIR}/${file}.mjs` };
        };
        const { ctx, analysis: a } = analyzeProject(tsi, configPath, cwd, texts, roots, layoutFor);
        remember();
        if (a.findings.length > 0) return { errors: a.findings.map((f) => toMessage(f, cwd)) };
        if (a.functions.length === 0) return { errors: [] };
        for (const sf of new Set(a.functions.map((m) => m.sourceFile))) {
          const text = editedSource(ctx, sf, a, format);
          if (text !== undefined) edits.set(path.resolve(sf.fileName), text);
        }
        // On the main thread every module's code is in the bundle: that is where its location expressions point.
        const bundle = initial.outfile !== undefined ? path.resolve(cwd, initial.outfile) : path.join(root, bundleName(initial));
        const mainThread = { kind: "bundle", keepNames: initial.keepNames === true, sourcemap: initial.sourcemap !== undefined && initial.sourcemap !== false } as const;
        const request = workerRequest(ctx, a, root, () => bundle, mainThread);
        const built = buildWorkerModules(build.esbuild, request).then((result) => {
          afterBuild(ctx, root, a, result);
          return bundleFindings(ctx, a, result).map((f) => toMessage(f, cwd));
        });
        return { errors: [], workers: built };
      }

      if (watched.size > 0) {
        build.onLoad({ filter: new RegExp(`^(?:${[...watched].map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})$`) }, async (args) => {
          await analysis?.catch(() => undefined);
          const contents = edits.get(path.resolve(args.path));
          return contents === undefined ? undefined : { contents, loader: loaderOf(args.path) };
        });
      }

      build.onEnd(async () => {
        if (analysis === undefined) return undefined;
        let errors: PartialMessage[];
        try {
          errors = await analysis;
        } catch (e) {
          errors = [{ text: `tamed: the analysis failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}` }];
        }
        return { errors: [...errors, ...(workers === undefined ? [] : await workers)] };
      });
    },
  };
}
