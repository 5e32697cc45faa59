// The samples, built and run the way `npm start` does. Their timings are reported,
// not asserted: speed is for benchmarks (each sample checks its own results and
// exits non-zero if the two runs disagree).
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { ROOT, report } from "./helpers.mjs";

function sample(name) {
  const r = spawnSync(process.execPath, [join(ROOT, "samples", "run.mjs"), name], { cwd: ROOT, encoding: "utf8", timeout: 120_000, env: { ...process.env, FORCE_COLOR: "0" } });
  assert.is(r.status, 0, `samples/${name} failed:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

test("samples/primes counts the same primes sequentially and with makeAsync", () => {
  const out = sample("primes");
  assert.match(out, /primes below 12,000,000: 788,060 \(8 chunks, \d+ cores\)/);
  const speedup = /speedup: +([\d.]+)x/.exec(out)?.[1];
  assert.ok(speedup !== undefined, out);
  report(`samples/primes: ${out.trim().split("\n").slice(2).map((l) => l.trim().replace(/ +/g, " ")).join("; ")}`);
});

test("samples/fast-async gets the same results sequentially and with tamed", () => {
  const out = sample("fast-async");
  const ratio = /with tamed: +\d+ ms \(([\d.]+) of sequential\)/.exec(out)?.[1];
  assert.ok(ratio !== undefined, out);
  report(`samples/fast-async: ${out.trim().split("\n").slice(2).map((l) => l.trim().replace(/ +/g, " ")).join("; ")}`);
});

test.run();
