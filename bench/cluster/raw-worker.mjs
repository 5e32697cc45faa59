// The raw BullMQ baseline's worker process: the same trivial work as bench/cluster's
// inc(), written by hand on BullMQ alone (on its event loop, as a plain BullMQ user would).
import { Worker } from "bullmq";
import { Redis } from "ioredis";

const [url, queue] = process.argv.slice(2);
const worker = new Worker(queue, async (job) => job.data.x + 1, {
  connection: new Redis(url, { maxRetriesPerRequest: null }),
  concurrency: Number(process.argv[4] ?? 1),
});
await worker.waitUntilReady();
console.log("ready");
process.once("SIGTERM", () => worker.close().then(() => process.exit(0)));
