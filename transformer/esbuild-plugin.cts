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
import { createRequire } from "node:module";
import * as path from "node:path";
import type { BuildOptions, PartialMessage, Plugin } from "esbuild";
import type * as ts from "typescript";
import { analyze, type Analysis, type Layout } from "./analyze.cjs";
import { createContext, type Context } from "./context.cjs";
import type { Finding } from "./diagnostics.cjs";
import { afterBuild, bundleFindings, loaderOf, workerRequest } from "./emit-workers.cjs";
import { WORKER_DIR } from "./emit-paths.cjs";
import type { Format } from "./module-format.cjs";
import { editedSource } from "./source-edits.cjs";
import { buildWorkers } from "./worker-build.cjs";

interface TamedEsbuildOptions {
  /**
   * The tsconfig.json that describes the project (its files, paths, decorators).
   * @default the tsconfig.json found from esbuild's working directory upwards
   */
  tsconfig?: string;
}

function toMessage(f: Finding): PartialMessage {
  if (f.at === undefined) return { text: `TS${f.code}: ${f.message}` };
  const { line, character } = f.at.file.getLineAndCharacterOfPosition(f.at.start);
  const lineText = f.at.file.text.split(/\r?\n/)[line] ?? "";
  return { text: `TS${f.code}: ${f.message}`, location: { file: f.at.file.fileName, line: line + 1, column: character, lineText, length: f.at.length } };
}

function program(tsi: typeof ts, configPath: string): ts.Program {
  const read = tsi.readConfigFile(configPath, tsi.sys.readFile);
  if (read.error !== undefined) throw new Error(tsi.flattenDiagnosticMessageText(read.error.messageText, "\n"));
  const parsed = tsi.parseJsonConfigFileContent(read.config, tsi.sys, path.dirname(configPath), undefined, configPath);
  return tsi.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
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

namespace tamed {
  export type Options = TamedEsbuildOptions;
}

function tamed(options: TamedEsbuildOptions = {}): Plugin {
  return {
    name: "tamed",
    setup(build) {
      const initial = build.initialOptions;
      const cwd = initial.absWorkingDir ?? process.cwd();
      let edits = new Map<string, string>();

      build.onStart(async () => {
        edits = new Map();
        const format: Format | undefined = initial.format === "cjs" ? "cjs" : initial.format === "esm" ? "esm" : undefined;
        const outdir = initial.outdir ?? (initial.outfile === undefined ? undefined : path.dirname(initial.outfile));
        if (format === undefined || outdir === undefined) {
          return { errors: [{ text: 'tamed: set format to "esm" or "cjs", and outdir or outfile: worker modules are written next to the bundle' }] };
        }
        // The project's own TypeScript, as for tsc: never a second copy of ours.
        const tsi = createRequire(path.join(cwd, "package.json"))("typescript") as typeof ts;
        const configPath = options.tsconfig === undefined ? tsi.findConfigFile(cwd, tsi.sys.fileExists) : path.resolve(cwd, options.tsconfig);
        if (configPath === undefined) return { errors: [{ text: `tamed: no tsconfig.json found from ${cwd}; pass tamed({ tsconfig })` }] };
        const ctx: Context = { ...createContext(tsi, program(tsi, configPath)), cwd };
        const root = path.resolve(cwd, outdir);
        const sourceRoot = path.dirname(configPath);
        // Flat, next to the bundle: __tamed__/<source path with dots>.<name>
        const layout: Layout = (sf, key) => {
          const rel = path.relative(sourceRoot, sf.fileName).replace(/\.[cm]?[jt]sx?$/, "").split(path.sep).join(".");
          const file = `${rel}.${key}`;
          return { out: `${WORKER_DIR}/${file}`, fromStub: `./${WORKER_DIR}/${file}.mjs` };
        };
        const analysis: Analysis = analyze(ctx, layout);
        if (analysis.findings.length > 0) return { errors: analysis.findings.map(toMessage) };
        if (analysis.functions.length === 0) return {};
        // On the main thread every module's code is in the bundle: that is where its location expressions point.
        const bundle = initial.outfile !== undefined ? path.resolve(cwd, initial.outfile) : path.join(root, bundleName(initial));
        const result = await buildWorkers(build.esbuild, workerRequest(ctx, analysis, root, () => bundle, { kind: "bundle", keepNames: initial.keepNames === true }));
        afterBuild(ctx, root, analysis, result);
        const problems = bundleFindings(ctx, analysis, result);
        if (problems.length > 0) return { errors: problems.map(toMessage) };
        for (const sf of new Set(analysis.functions.map((m) => m.sourceFile))) {
          const text = editedSource(ctx, sf, analysis, format);
          if (text !== undefined) edits.set(path.resolve(sf.fileName), text);
        }
        return {};
      });

      build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, (args) => {
        const contents = edits.get(path.resolve(args.path));
        return contents === undefined ? undefined : { contents, loader: loaderOf(args.path) };
      });
    },
  };
}


