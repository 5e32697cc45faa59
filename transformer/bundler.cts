/**
 * What tamed's bundler plugins share: tamed/esbuild (esbuild-plugin.cts) and the Vite,
 * Rollup, webpack and Rspack plugins of tamed/unplugin (unplugin.cts). The same analysis
 * as the tsc plugin (a TypeScript program made from the project's tsconfig, so markers
 * are found by symbol; on TypeScript 5.9 and 6 its program is bundle-program.cts), the
 * stubs as edits of the source text the bundler loads (stub-text.cts), and the worker
 * modules built by esbuild (module-build.cts).
 */
import * as path from "node:path";
import type * as ts from "typescript";
import { analyze, type Analysis, type Layout } from "./analyze.cjs";
import { analyzeProject } from "./bundle-program.cjs";
import type { Context } from "./context.cjs";
import type { Finding } from "./diagnostics.cjs";
import { bundleFindings } from "./emit/build-findings.cjs";
import type { BundleRequest } from "./emit/build-protocol.cjs";
import { afterBuild, manifestOf, manifestText } from "./emit/manifest.cjs";
import { buildWorkerModules, type Esbuild } from "./emit/module-build.cjs";
import { workerRequest } from "./emit/module-request.cjs";
import { WORKER_DIR } from "./emit/paths.cjs";
import { stubEdits, type Base } from "./emit/stub-text.cjs";
import { loadTypeScript } from "./load-typescript.cjs";
import { checkTypeScript, installedTypeScript } from "./typescript-version.cjs";
import { openNativeProject, type NativeProject } from "./typescript7.cjs";

/** A project analysed for a bundle: its findings, or the source edits that put the stubs in. */
export interface Edited {
  readonly ctx: Context;
  readonly analysis: Analysis;
  /**
   * The analysis' diagnostics (TS77001-TS77011, transformer/diagnostics.cts); when there are any,
   * only the refused functions' stubs are edited in (there are no worker modules for the others).
   */
  readonly findings: readonly Finding[];
  /** Absolute path → the file's source text with its stubs in place. */
  readonly edits: ReadonlyMap<string, string>;
}

/**
 * Where each worker module goes, flat, next to the bundle: __tamed__/<source path from
 * rootDir, with dots>.<name>. From rootDir (else the tsconfig's folder) as tsc lays out its
 * output; a file outside it loses its leading "..": a name starting with a dot would be a hidden file.
 */
function bundleLayout(configPath: string, options: ts.CompilerOptions): Layout {
  // TypeScript 6 gives rootDir resolved; resolving it again keeps that, and covers a relative one.
  const from = path.resolve(path.dirname(configPath), options.rootDir ?? ".");
  return (sf, key) => {
    const parts = path
      .relative(from, sf.fileName)
      .replace(/\.[cm]?[jt]sx?$/, "")
      .split(path.sep);
    const file = `${parts.filter((p) => p !== "..").join(".")}.${key}`;
    return { out: `${WORKER_DIR}/${file}`, fromStub: `./${WORKER_DIR}/${file}.mjs` };
  };
}

/**
 * The analysis' findings and the stubs' edits. With findings, only the refused functions'
 * stubs: a build that stops still writes its bundle (esbuild does), and a call of one says
 * why it was refused; the others stay without a descriptor, since no worker module is built.
 */
function edited(ctx: Context, analysis: Analysis, base: Base): Edited {
  const edits = stubEdits(ctx, analysis.findings.length === 0 ? analysis : { ...analysis, functions: [] }, base);
  return { ctx, analysis, findings: analysis.findings, edits };
}

/** The analysis with TypeScript 5.9 or 6, in this process: a program of `roots` and what they import (analyzeProject). */
function analyzeClassic(
  cwd: string,
  configPath: string,
  base: Base,
  texts: ReadonlyMap<string, string>,
  roots: ReadonlySet<string>,
): Edited {
  // The project's own TypeScript, as for tsc: never a second copy of ours.
  const { ts: tsi, remember } = loadTypeScript(cwd);
  const layoutFor = (options: ts.CompilerOptions): Layout => bundleLayout(configPath, options);
  const { ctx, analysis } = analyzeProject(tsi, configPath, cwd, texts, roots, layoutFor);
  remember();
  return edited(ctx, analysis, base);
}

/**
 * Analyses a project for a bundler plugin, over the plugin's life: with the project's
 * TypeScript 5.9 or 6 in this process (the default path, as it always was), or with its
 * TypeScript 7.0 through typescript7.cts, which runs TypeScript 7 as a `tsc --api` process
 * of its own. That process stays open from the first analysis until `close` (the bundler's
 * build or watch ends), because the worker modules' build reads the analysis' ASTs and
 * asks its checker after the analysis itself. A rebuild (watch, a dev server's changed
 * file) reuses it with a new snapshot of the files on disk rather than reopening it:
 * starting TypeScript 7 and loading its lib files costs about half a second a time, while
 * a snapshot reparses only what changed.
 */
export interface BundleAnalyzer {
  /**
   * Analyses the files that may hold markers (`roots`, among the project's sources `texts`)
   * and makes the stubs' edits. `base` is how a stub names where it runs from:
   * `import.meta.url` ("esm") or `__filename` ("cjs"), whichever the bundler turns into the
   * location of the output file the code ends up in, or an expression of the caller's.
   * TypeScript 7 reads the files itself, the project's whole as its tsconfig lists them, and
   * the roots it leaves out.
   */
  analyze(
    cwd: string,
    configPath: string,
    base: Base,
    texts: ReadonlyMap<string, string>,
    roots: ReadonlySet<string>,
  ): Edited;
  /** Ends the TypeScript 7 process, if one is open (an analysis after this opens another). */
  close(): void;
}

export function bundleAnalyzer(): BundleAnalyzer {
  let native: { project: NativeProject; configPath: string; cwd: string } | undefined;
  const close = (): void => {
    native?.project.close();
    native = undefined;
  };
  return {
    analyze(cwd, configPath, base, texts, roots) {
      // Before loading anything of it: TypeScript 7's "typescript" is only its version.
      const installed = installedTypeScript(cwd);
      if (
        installed === undefined ||
        checkTypeScript(installed.version, installed.dir, "tamed's bundler plugin") === "classic"
      )
        return analyzeClassic(cwd, configPath, base, texts, roots);
      // The roots too: a marked file the bundle loads may be one the tsconfig leaves out (typescript7-roots.cts).
      if (native !== undefined && native.configPath === configPath && native.cwd === cwd)
        native.project = native.project.reload([...roots]);
      else {
        close();
        native = { project: openNativeProject(installed.dir, configPath, cwd, [...roots]), configPath, cwd };
      }
      const { ctx } = native.project;
      return edited(ctx, analyze(ctx, bundleLayout(configPath, ctx.options)), base);
    },
    close,
  };
}

/** A file the worker modules' build made, for a bundler to emit: its path under the output folder. */
export interface Emitted {
  readonly fileName: string;
  readonly source: string;
}

/**
 * Builds the worker modules of an analysed project into `outdir`/__tamed__/ (and its
 * manifest). `write`: esbuild writes them (tamed/esbuild), or they come back as files for
 * the bundler to emit as assets of its own build (tamed/unplugin), so that its output
 * folder's cleaning, dev servers and asset listings treat them as its own.
 * `mainFile` says which output file runs a source file's code on the main thread.
 */
export async function buildWorkers(
  esbuild: Esbuild,
  edited: Edited,
  outdir: string,
  mainFile: (sf: ts.SourceFile) => string,
  mainThread: BundleRequest["mainThread"],
  write: boolean,
): Promise<{ findings: Finding[]; files: Emitted[] }> {
  const { ctx, analysis } = edited;
  const root = path.resolve(ctx.cwd, outdir);
  const request: BundleRequest = { ...workerRequest(ctx, analysis, root, mainFile, mainThread), write };
  const result = await buildWorkerModules(esbuild, request);
  const findings = bundleFindings(ctx, analysis, result);
  if (write) {
    afterBuild(ctx, root, analysis, result);
    return { findings, files: [] };
  }
  const files: Emitted[] = [];
  for (const e of result.entries) {
    for (const [file, source] of Object.entries(e.contents ?? {}))
      files.push({ fileName: path.relative(root, path.resolve(ctx.cwd, file)).replaceAll("\\", "/"), source });
  }
  const { outputs, modules } = manifestOf(ctx, root, analysis, result);
  if (outputs.length + modules.length > 0)
    files.push({ fileName: `${WORKER_DIR}/manifest.json`, source: manifestText(outputs, modules) });
  return { findings, files };
}

/** A finding as bundlers print errors: where (relative to `cwd`), and tsc's `TS77001: message` form. */
export interface Located {
  readonly text: string;
  readonly file?: string;
  /** 1-based line, 0-based column (esbuild's convention; Rollup's too). */
  readonly line?: number;
  readonly column?: number;
  readonly lineText?: string;
  readonly length?: number;
}

export function locate(f: Finding, cwd: string): Located {
  if (f.at === undefined) return { text: `TS${f.code}: ${f.message}` };
  const { line, character } = f.at.file.getLineAndCharacterOfPosition(f.at.start);
  const lineText = f.at.file.text.split(/\r?\n/)[line] ?? "";
  const file = path.relative(cwd, f.at.file.fileName).replaceAll("\\", "/");
  return { text: `TS${f.code}: ${f.message}`, file, line: line + 1, column: character, lineText, length: f.at.length };
}

/** tsc's form, `src/a.ts(3,7): error TS77001: ...`, for bundlers whose errors are plain text. */
export function tscText(f: Finding, cwd: string): string {
  const l = locate(f, cwd);
  return l.file === undefined ? `error ${l.text}` : `${l.file}(${l.line},${(l.column ?? 0) + 1}): error ${l.text}`;
}

/**
 * The findings in the order tsc reports diagnostics (its sortAndDeduplicateDiagnostics): by file
 * path (none first), then position, code and text. The analysis makes them function by function,
 * so two functions refused in one file would interleave, and a statement of an entry found through
 * the file it calls would come after that file's.
 */
export function inTscOrder(findings: readonly Finding[]): Finding[] {
  const path = (f: Finding): string => f.at?.file.fileName ?? "";
  return [...findings].sort(
    (a, b) =>
      (path(a) < path(b) ? -1 : path(a) > path(b) ? 1 : 0) ||
      (a.at?.start ?? 0) - (b.at?.start ?? 0) ||
      (a.at?.length ?? 0) - (b.at?.length ?? 0) ||
      a.code - b.code ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
}

/** The findings as one Error in tsc's form, for bundlers that print a plugin's error as it is. */
export function findingsError(findings: readonly Finding[], cwd: string): Error {
  const e = new Error(
    `tamed found ${findings.length === 1 ? "an error" : `${findings.length} errors`}:\n${findings.map((f) => tscText(f, cwd)).join("\n")}`,
  );
  e.stack = e.message; // the plugin's own frames say nothing to the user
  return e;
}

/** `tamed` and its subpaths stay imports of the bundle: the worker threads load the runtime from the package, and the main thread must share that copy. */
export const TAMED = /^tamed(?:\/.*)?$/;

/** A module id as a bundler gives it, without its query or hash (`?v=3`, `#x`): the file's path. */
export const withoutQuery = (id: string): string => id.replace(/[?#].*$/, "");
