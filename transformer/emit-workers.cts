/**
 * Writes every worker module of the program in one esbuild build (shared code goes
 * into shared chunks), and turns esbuild's errors into diagnostics on the right lines.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type * as ts from "typescript";
import type { Analysis } from "./analyze.cjs";
import { bundleSync } from "./bundle.cjs";
import type { BundleEntry, BundleMessage, BundleRequest, BundleResult } from "./bundle-protocol.cjs";
import type { Context } from "./context.cjs";
import { finding, type Finding, type Span } from "./diagnostics.cjs";
import { outRoot, WORKER_DIR } from "./emit-paths.cjs";
import { exportsView, workerSource } from "./worker-source.cjs";

export function loaderOf(file: string): BundleEntry["loader"] {
  if (/\.tsx$/.test(file)) return "tsx";
  if (/\.jsx$/.test(file)) return "jsx";
  if (/\.[cm]?js$/.test(file)) return "js";
  return "ts";
}

/** esbuild's line (1-based) and column (0-based) in a program file, as a span tsc can print. */
function spanOf(ctx: Context, m: BundleMessage): Span | undefined {
  if (m.file === undefined || m.line === undefined) return undefined;
  const file = ctx.program.getSourceFile(m.file);
  if (file === undefined) return undefined;
  const lines = file.getLineStarts();
  const line = Math.min(Math.max(m.line - 1, 0), lines.length - 1);
  const start = Math.min(lines[line]! + (m.column ?? 0), file.end);
  return { file, start, length: 0 };
}

const MANIFEST = "manifest.json";

/**
 * Removes what the previous build wrote and this one did not (a worker module of a
 * function since renamed or deleted, chunks whose hash changed). Only files listed in
 * the previous build's manifest are ever removed: nothing tamed did not write.
 */
function removeStale(root: string, outputs: readonly string[]): void {
  const manifest = path.join(root, WORKER_DIR, MANIFEST);
  let previous: string[] = [];
  try {
    previous = (JSON.parse(fs.readFileSync(manifest, "utf8")) as { outputs?: string[] }).outputs ?? [];
  } catch {
    previous = [];
  }
  const now = new Set(outputs);
  for (const rel of previous) {
    const file = path.resolve(root, rel);
    if (now.has(rel) || path.relative(root, file).startsWith("..")) continue;
    fs.rmSync(file, { force: true });
  }
  if (outputs.length === 0) {
    // No marked function left: no manifest either (a project without markers gets no __tamed__/).
    fs.rmSync(manifest, { force: true });
    return;
  }
  fs.mkdirSync(path.dirname(manifest), { recursive: true });
  fs.writeFileSync(manifest, JSON.stringify({ note: "written by tamed's transformer: the files its last build emitted", outputs }, null, 2) + "\n");
}

/** What esbuild must build for the program's marked functions, into `outdir`. */
export function workerRequest(ctx: Context, analysis: Analysis, outdir: string): BundleRequest {
  const entries: BundleEntry[] = analysis.functions.map((m, i) => ({
    id: String(i),
    file: m.sourceFile.fileName,
    contents: workerSource(ctx, m.sourceFile, m.keep, m.entry),
    loader: loaderOf(m.sourceFile.fileName),
    out: m.module.out,
  }));
  const files = [...new Set(analysis.functions.map((m) => m.sourceFile))];
  const views = files.map((sf) => ({ file: sf.fileName, contents: exportsView(ctx, sf), loader: loaderOf(sf.fileName) }));
  const configFile = ctx.options["configFilePath"];
  return { views, outdir, absWorkingDir: ctx.cwd, tsconfig: typeof configFile === "string" ? configFile : undefined, entries };
}

/** After a successful build: forget what the previous build wrote and this one did not. */
export function afterBuild(ctx: Context, root: string, result: BundleResult): void {
  if (result.errors.length > 0) return;
  removeStale(root, result.outputs.map((o) => path.relative(root, path.resolve(ctx.cwd, o)).replaceAll("\\", "/")).sort());
}

/** esbuild's errors as findings on the lines they name. */
export function bundleFindings(ctx: Context, analysis: Analysis, result: BundleResult): Finding[] {
  return result.errors.map((e) => {
    const fn = e.entry === undefined ? "a marked function" : `${analysis.functions[Number(e.entry)]?.name ?? "a marked function"}`;
    const span = spanOf(ctx, e);
    const where = span === undefined && e.file !== undefined ? ` (${path.relative(ctx.cwd, e.file)}${e.line === undefined ? "" : `:${e.line}`})` : "";
    return finding("bundleFailed", span, { fn, message: e.text + where });
  });
}

/** The tsc plugin's step: build every worker module of the program, synchronously. */
export function emitWorkers(ctx: Context, analysis: Analysis): Finding[] {
  const root = outRoot(ctx);
  if (analysis.functions.length === 0) {
    removeStale(root, []);
    return [];
  }
  const result = bundleSync(workerRequest(ctx, analysis, root));
  afterBuild(ctx, root, result);
  return bundleFindings(ctx, analysis, result);
}


