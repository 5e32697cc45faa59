// Counts primes below LIMIT in chunks on worker threads, and once inline; prints both
// answers and the threads that gave them. The bundler test runs each tool's bundle.
import { threadId } from "node:worker_threads";
import { awaitAll, poolStats } from "tamed";
import { countPrimes } from "./primes.js";
import { primesIn } from "./tasks.js";

const LIMIT = 200_000;
const CHUNKS = 4;

// In a function, not at top level: a CommonJS bundle (Rollup's and Vite's `format: "cjs"`)
// cannot hold a top-level await.
async function main(): Promise<void> {
  const { threadOf } = await import("./lazy.js");
  const step = LIMIT / CHUNKS;
  const parts = await awaitAll(Array.from({ length: CHUNKS }, (_, i) => primesIn(i * step, (i + 1) * step)));
  const onWorkers = parts.reduce((sum, p) => sum + p.count, 0);
  const inline = countPrimes(0, LIMIT);
  const threads = [...new Set(parts.map((p) => p.thread))].sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      inline,
      onWorkers,
      mainThread: threadId,
      workerThreads: threads,
      label: await threadOf("t"),
      threads: poolStats().threads,
    }),
  );
  if (inline !== onWorkers || threads.includes(threadId)) process.exitCode = 1;
}

void main();
