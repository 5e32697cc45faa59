/**
 * The emit step, for the tsc plugin: the stubs are tsc's transform of each file with
 * markers (stub-ast.cts; the esbuild plugin edits the text instead, stub-text.cts), and
 * here every marked function's worker module is built.
 *
 * The worker modules' files, in the order a build goes through them:
 *   paths.cts           where worker modules and emitted JavaScript land
 *   module-source.cts   a worker module's source text: files with markers sliced, the entry's default export
 *   locations.cts       what says "here" in a worker module's code, rewritten to the main thread's file
 *   module-request.cts  what esbuild must build: per marked function, its entry's text and the files it sees otherwise
 *   side-effect-verdicts.cts  which files' side effects a bundle tool decided otherwise than esbuild would
 *   build-protocol.cts  that request and what comes back, as they cross to the esbuild thread
 *   esbuild-sync.cts    the compiler thread's side: starts the esbuild thread and blocks until it answers
 *   esbuild-thread.cts  the thread that runs esbuild (esbuild's plugin API is async only)
 *   module-build.cts    the esbuild builds themselves, one self-contained module per function
 *   build-findings.cts  esbuild's errors as diagnostics
 *   manifest.cts        __tamed__/manifest.json, and removing what the previous build wrote and this one did not
 */
import type { Analysis } from "../analyze.cjs";
import type { Context } from "../context.cjs";
import type { Finding } from "../diagnostics.cjs";
import { bundleFindings } from "./build-findings.cjs";
import { buildWorkerModulesSync } from "./esbuild-sync.cjs";
import { recordsMetadata } from "../decorator-metadata.cjs";
import { afterBuild, writeManifest } from "./manifest.cjs";
import { workerRequest } from "./module-request.cjs";
import { emittedFile, outRoot } from "./paths.cjs";

/** The tsc plugin's and `tamed build`'s step: build every worker module of the program, synchronously. */
export function emitWorkerModules(ctx: Context, analysis: Analysis): Finding[] {
  const root = outRoot(ctx);
  if (analysis.functions.length === 0) {
    writeManifest(root, [], []);
    return [];
  }
  const result = buildWorkerModulesSync(
    workerRequest(ctx, analysis, root, (sf) => emittedFile(ctx, sf), {
      kind: "node",
      decoratorMetadata: recordsMetadata(ctx),
    }),
  );
  afterBuild(ctx, root, analysis, result);
  return bundleFindings(ctx, analysis, result);
}
