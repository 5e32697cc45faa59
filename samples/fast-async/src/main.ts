// fast-async's benchmark: a slow network request and an expensive CPU loop. Run one
// after the other they take the sum of their times; with tamed they overlap, and
// the total is close to the longer of the two.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { awaitAll } from "tamed";
import { crunch, crunchTask, slowRequest, slowRequestTask } from "./work.js";

const DELAY_MS = Number(process.argv[2] ?? 600);

// A local server that answers after DELAY_MS: the "slow network".
const server = createServer((_req, res) => setTimeout(() => res.end("response body"), DELAY_MS));
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

// Size the CPU loop to take about as long as the request, on whatever machine this is.
let rounds = 1_000_000;
for (let t = performance.now(); performance.now() - t < 50; t = performance.now()) {
  const start = performance.now();
  crunch(rounds);
  if (performance.now() - start > 20) break;
  rounds *= 2;
}
const probe = performance.now();
crunch(rounds);
rounds = Math.round((rounds * DELAY_MS) / (performance.now() - probe));

let t0 = performance.now();
const bytes = await slowRequest(url);
const value = crunch(rounds);
const sequentialMs = performance.now() - t0;

t0 = performance.now();
const [bytes2, value2] = await awaitAll([slowRequestTask(url), crunchTask(rounds)]);
const tamedMs = performance.now() - t0;
server.close();

if (bytes !== bytes2 || value !== value2) throw new Error("the two runs disagree");
console.log(
  `request: ${DELAY_MS} ms of server delay; CPU loop: ${rounds.toLocaleString("en")} rounds (sized to about ${DELAY_MS} ms)`,
);
console.log(`sequential:  ${sequentialMs.toFixed(0).padStart(6)} ms`);
console.log(`with tamed:  ${tamedMs.toFixed(0).padStart(6)} ms (${(tamedMs / sequentialMs).toFixed(2)} of sequential)`);
