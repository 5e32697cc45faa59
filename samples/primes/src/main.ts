// Counts the primes below LIMIT in 8 chunks, first one chunk after another on this
// thread, then all 8 at once with makeAsync on the worker pool.
import { availableParallelism } from "node:os";
import { awaitAll } from "tamed";
import { chunks, countPrimesBetween } from "./math.js";
import { countPrimes } from "./primes.js";

const LIMIT = Number(process.argv[2] ?? 12_000_000);
const parts = chunks(LIMIT, 8);

let t0 = performance.now();
let sequential = 0;
for (const [from, to] of parts) sequential += countPrimesBetween(from, to);
const sequentialMs = performance.now() - t0;

t0 = performance.now();
const counts = await awaitAll(parts.map(([from, to]) => countPrimes(from, to)));
const parallel = counts.reduce((a, b) => a + b, 0);
const parallelMs = performance.now() - t0;

if (parallel !== sequential) throw new Error(`the counts differ: ${sequential} sequential, ${parallel} with tamed`);
console.log(
  `primes below ${LIMIT.toLocaleString("en")}: ${parallel.toLocaleString("en")} (8 chunks, ${availableParallelism()} cores)`,
);
console.log(`sequential:  ${sequentialMs.toFixed(0).padStart(6)} ms`);
console.log(`with tamed:  ${parallelMs.toFixed(0).padStart(6)} ms (worker start-up included)`);
console.log(`speedup:     ${(sequentialMs / parallelMs).toFixed(2).padStart(6)}x`);
