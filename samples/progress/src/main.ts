// A batch of 64 CPU jobs with a live progress bar: awaitAll's onProgress is called as
// each job settles. On a terminal the bar redraws in place; piped (as in the tests), it
// prints a line at every quarter.
import { awaitAll, type Progress } from "tamed";
import { countPrimesBetween } from "./count.js";
import { countPrimes } from "./tasks.js";

const LIMIT = 6_000_000;
const JOBS = 64;
const step = LIMIT / JOBS;
const ranges = Array.from({ length: JOBS }, (_, i) => [i * step, (i + 1) * step] as const);

const t0 = performance.now();
const width = 32;
let lastQuarter = 0;
function draw({ done, total, failed }: Progress): void {
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  if (process.stdout.isTTY) {
    const filled = Math.round((done / total) * width);
    process.stdout.write(
      `\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} jobs, ${seconds} s${failed ? `, ${failed} failed` : ""}`,
    );
    if (done === total) process.stdout.write("\n");
  } else if (Math.floor((4 * done) / total) > lastQuarter) {
    lastQuarter = Math.floor((4 * done) / total);
    console.log(`${String(25 * lastQuarter).padStart(3)}%: ${done}/${total} jobs, ${seconds} s`);
  }
}

const counts = await awaitAll(
  ranges.map(([from, to]) => countPrimes(from, to)),
  { onProgress: draw },
);
const total = counts.reduce((a, b) => a + b, 0);
const expected = countPrimesBetween(0, LIMIT);
if (total !== expected) throw new Error(`wrong count: ${total} from the jobs, ${expected} on this thread`);
console.log(`primes below ${LIMIT.toLocaleString("en")}: ${total.toLocaleString("en")} (${JOBS} jobs)`);
