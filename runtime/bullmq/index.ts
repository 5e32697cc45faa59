/**
 * tamed/bullmq: marked functions run on worker processes, on other machines, through a
 * BullMQ queue on Redis. Opt in per executor, per scope or per function:
 *
 * @example
 * import { AsyncExecutor } from "tamed";
 * import { bullmq } from "tamed/bullmq";
 * const cluster = bullmq({ connection: "redis://127.0.0.1:6379" });
 * await using executor = new AsyncExecutor({ backend: cluster });
 * const n = await executor.submit(countPrimes, 0, 1_000_000); // on a `npx tamed worker` process
 * await cluster.close();
 *
 * `bullmq` and `ioredis` are optional peer dependencies of tamed: install them to use this.
 */
import { BullmqBackend, type BullmqOptions } from "./caller.js";

export { BullmqBackend, RemoteTask, type BullmqOptions } from "./caller.js";
export { startWorker, type ClusterWorker, type WorkerOptions } from "./worker.js";
export type { Connection } from "./connect.js";

/** A cluster backend on BullMQ: pass it as `backend` to AsyncExecutor or AsyncScope, or `bind` functions to it. */
export function bullmq(options: BullmqOptions): BullmqBackend {
  return new BullmqBackend(options);
}
