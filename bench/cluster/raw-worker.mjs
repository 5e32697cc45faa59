// The raw BullMQ baselines' worker process: the same trivial work as bench/cluster's
// inc(), written by hand on BullMQ alone. By default on its event loop, as a plain BullMQ
// user would; with "sandboxed", in BullMQ's own sandboxed processor on worker threads
// (raw-processor.mjs), BullMQ's way to keep a function off the loop that keeps its locks.
//   node raw-worker.mjs <redis url> <queue> <concurrency> [sandboxed]
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "bullmq";
import { Redis } from "ioredis";

const [url, queue, concurrency, mode] = process.argv.slice(2);
const sandboxed = mode === "sandboxed";
const processor = sandboxed
  ? pathToFileURL(join(import.meta.dirname, "raw-processor.mjs"))
  : async (job) => job.data.x + 1;
const worker = new Worker(queue, processor, {
  connection: new Redis(url, { maxRetriesPerRequest: null }),
  concurrency: Number(concurrency ?? 1),
  useWorkerThreads: sandboxed,
});
await worker.waitUntilReady();
console.log("ready");
process.once("SIGTERM", () => worker.close().then(() => process.exit(0)));
