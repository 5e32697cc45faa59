/**
 * Builds the worker modules with esbuild, synchronously: the compiler calls the
 * transformer synchronously, but esbuild's plugin API is async. The build runs on the
 * esbuild thread (esbuild-thread.cts) while this thread blocks in Atomics.wait, and the result comes back
 * through receiveMessageOnPort: no event loop needed on this side.
 */
import * as path from "node:path";
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import type { BundleRequest, BundleResult } from "./build-protocol.cjs";

/** A build that takes longer than this has hung; the compile fails instead of waiting forever. */
const TIMEOUT_MS = 120_000;

export function buildWorkerModulesSync(request: BundleRequest): BundleResult {
  const done = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(path.join(__dirname, "esbuild-thread.cjs"), {
    workerData: { request, port: port2, done },
    transferList: [port2],
  });
  worker.unref();
  try {
    const outcome = Atomics.wait(done, 0, 0, TIMEOUT_MS);
    const reply = receiveMessageOnPort(port1);
    if (outcome === "timed-out" || reply === undefined) {
      return { errors: [{ text: `esbuild did not finish within ${TIMEOUT_MS / 1000} s` }], entries: [] };
    }
    return reply.message as BundleResult;
  } finally {
    port1.close();
    void worker.terminate();
  }
}
