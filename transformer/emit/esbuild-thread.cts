/**
 * The esbuild thread (a Node worker thread, not one of tamed's workers): the entry that
 * runs esbuild's builds of the worker modules. esbuild's plugin API (needed for the
 * virtual worker modules) is async only, and the compiler thread calling us cannot
 * await. It blocks on `done` instead, and reads the result off the port (see esbuild-sync.cts).
 */
import { workerData, type MessagePort } from "node:worker_threads";
import type { BundleRequest, BundleResult } from "./build-protocol.cjs";
import { buildWorkerModules } from "./module-build.cjs";

const { request, port, done } = workerData as { request: BundleRequest; port: MessagePort; done: Int32Array };

async function build(): Promise<BundleResult> {
  const esbuild = await import("esbuild");
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

build().then(finish, (e: unknown) => finish({ errors: [{ text: `esbuild failed to start: ${String(e)}` }], entries: [] }));
