/**
 * The esbuild thread (a Node worker thread, not one of tamed's workers): the entry that
 * runs esbuild's builds of the worker modules. esbuild's plugin API (needed for the
 * virtual worker modules) is async only, and the compiler thread calling us cannot
 * await. It blocks on `done` instead, and reads the result off the port (see esbuild-sync.cts).
 */
import { createRequire } from "node:module";
import * as path from "node:path";
import { workerData, type MessagePort } from "node:worker_threads";
import type { BundleRequest, BundleResult } from "./build-protocol.cjs";
import { checkEsbuild } from "../esbuild-version.cjs";
import { buildWorkerModules } from "./module-build.cjs";

const { request, port, done } = workerData as { request: BundleRequest; port: MessagePort; done: Int32Array };

/** The project's esbuild (a dev dependency of the app), else one tamed can see; a version tamed supports. */
async function loadEsbuild(): Promise<typeof import("esbuild")> {
  const where = `the project at ${request.absWorkingDir}`;
  let esbuild: typeof import("esbuild");
  try {
    esbuild = createRequire(path.join(request.absWorkingDir, "package.json"))("esbuild") as typeof import("esbuild");
  } catch {
    try {
      esbuild = await import("esbuild");
    } catch (e) {
      throw new Error(
        `esbuild is not installed: tamed bundles each worker module with it at build time. Install it as a dev dependency: npm install --save-dev esbuild (npx tamed setup does) (${String(e)})`,
        { cause: e },
      );
    }
  }
  return checkEsbuild(esbuild, where);
}

async function build(): Promise<BundleResult> {
  const esbuild = await loadEsbuild();
  try {
    return await buildWorkerModules(esbuild, request);
  } finally {
    await esbuild.stop();
  }
}

function finish(result: BundleResult): void {
  port.postMessage(result);
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
}

build().then(finish, (e: unknown) =>
  finish({
    errors: [
      {
        text:
          e instanceof Error && e.message.startsWith("esbuild is not installed")
            ? e.message
            : `esbuild failed to start: ${String(e)}`,
      },
    ],
    entries: [],
  }),
);
