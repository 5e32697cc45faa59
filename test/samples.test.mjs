// The samples, built and run the way `npm start` does. Their timings are reported,
// not asserted: speed is for benchmarks (each sample checks its own results and
// exits non-zero if the two runs disagree).
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { ROOT, report } from "./helpers.mjs";

function sample(name) {
  const r = spawnSync(process.execPath, [join(ROOT, "samples", "run.mjs"), name], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 120_000,
    env: { ...process.env, FORCE_COLOR: "0" },
  });
  assert.is(r.status, 0, `samples/${name} failed:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

test("samples/primes counts the same primes sequentially and with makeAsync", () => {
  const out = sample("primes");
  assert.match(out, /primes below 12,000,000: 788,060 \(8 chunks, \d+ cores\)/);
  const speedup = /speedup: +([\d.]+)x/.exec(out)?.[1];
  assert.ok(speedup !== undefined, out);
  report(
    `samples/primes: ${out
      .trim()
      .split("\n")
      .slice(2)
      .map((l) => l.trim().replace(/ +/g, " "))
      .join("; ")}`,
  );
});

test("samples/fast-async gets the same results sequentially and with tamed", () => {
  const out = sample("fast-async");
  const ratio = /with tamed: +\d+ ms \(([\d.]+) of sequential\)/.exec(out)?.[1];
  assert.ok(ratio !== undefined, out);
  report(
    `samples/fast-async: ${out
      .trim()
      .split("\n")
      .slice(2)
      .map((l) => l.trim().replace(/ +/g, " "))
      .join("; ")}`,
  );
});

test("samples/server serves correct hashes inline and with makeAsync, and times /health under load", () => {
  const out = sample("server");
  assert.match(
    out,
    /^\| mode \| heavy served \| heavy\/s \| health probes \| health p50 \(ms\) \| health p99 \(ms\) \| health max \(ms\) \|$/m,
    out,
  );
  const figures = ["inline", "makeAsync"].map((mode) => {
    const row = new RegExp(
      `^\\| ${mode} \\| (\\d+) \\| ([\\d.]+) \\| (\\d+) \\| ([\\d.]+) \\| ([\\d.]+) \\| ([\\d.]+) \\|$`,
      "m",
    ).exec(out);
    assert.ok(row, `no ${mode} row with numbers in:\n${out}`);
    const [served, perSecond, probes, p50, p99, max] = row.slice(1);
    // The sample exits non-zero on a wrong answer or a failed request; these say each mode did some work.
    assert.ok(Number(served) > 0, `${mode}: no heavy request served:\n${out}`);
    assert.ok(Number(probes) > 0, `${mode}: no /health probe answered:\n${out}`);
    return `${mode} ${served} heavy (${perSecond}/s), health p50 ${p50} p99 ${p99} max ${max} ms`;
  });
  const ratio = /^health p99 inline \/ makeAsync: ([\d.]+)x$/m.exec(out)?.[1];
  assert.ok(ratio !== undefined, out);
  report(`samples/server: ${figures.join("; ")}; health p99 inline / makeAsync ${ratio}x`);
});

test("samples/progress draws its progress as the jobs settle and counts right", () => {
  const out = sample("progress");
  assert.match(out, /^ 25%: 16\/64 jobs, [\d.]+ s$/m);
  assert.match(out, /^100%: 64\/64 jobs, [\d.]+ s$/m);
  assert.match(out, "primes below 6,000,000: 412,849 (64 jobs)");
});

// Test-runner recipes: the same marked function tested inline (no workers) and through
// the real build (on workers), with node's test runner and with vitest.
function inSample(name, command, args, extraEnv = {}) {
  const r = spawnSync(command, args, {
    cwd: join(ROOT, "samples", name),
    encoding: "utf8",
    timeout: 120_000,
    env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1", ...extraEnv },
  });
  assert.is(r.status, 0, `samples/${name}: ${command} ${args.join(" ")} failed:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

test("samples/node-test: node --test over the built tests, inline (TAMED_INLINE=1) and on workers", () => {
  const tspc = join(ROOT, "node_modules", "ts-patch", "bin", "tspc.js");
  inSample("node-test", process.execPath, [tspc, "-p", "."]);
  const unit = inSample("node-test", process.execPath, ["--test", "--test-reporter=tap", "out/test/words.test.js"], {
    TAMED_INLINE: "1",
  });
  assert.match(unit, "ok 2 - runs on the test's thread (inline mode)");
  assert.match(unit, "# pass 3");
  const integration = inSample("node-test", process.execPath, [
    "--test",
    "--test-reporter=tap",
    "out/test/words.test.js",
  ]);
  assert.match(integration, "ok 2 - runs on a worker thread (the real build)");
  assert.match(integration, "# pass 3");
});

test("samples/vitest: unit tests from the sources in inline mode, integration tests over the tspc build", () => {
  const vitest = join(ROOT, "node_modules", "vitest", "vitest.mjs");
  assert.match(inSample("vitest", process.execPath, [vitest, "run"]), /Tests +3 passed/);
  assert.match(
    inSample("vitest", process.execPath, [vitest, "run", "--config", "vitest.integration.config.mjs"]),
    /Tests +1 passed/,
  );
});

test("samples/vitest: tests over the sources with tamed's Vite plugin run marked functions on worker threads, and inline with TAMED_INLINE=1", () => {
  const vitest = join(ROOT, "node_modules", "vitest", "vitest.mjs");
  rmSync(join(ROOT, "samples", "vitest", "node_modules", ".tamed"), { recursive: true, force: true });
  const onWorkers = inSample("vitest", process.execPath, [vitest, "run", "--config", "vitest.plugin.config.mjs"]);
  assert.match(onWorkers, /Tests +2 passed/);
  assert.ok(
    existsSync(join(ROOT, "samples", "vitest", "node_modules", ".tamed", "__tamed__", "words.countWords.mjs")),
    "the plugin wrote the worker module",
  );
  // The test expects onWorker to be true, unless TAMED_INLINE=1.
  assert.match(
    inSample("vitest", process.execPath, [vitest, "run", "--config", "vitest.plugin.config.mjs"], {
      TAMED_INLINE: "1",
    }),
    /Tests +2 passed/,
  );
});

test("samples/cluster runs a batch on two worker processes through a local Redis and says where each call ran", () => {
  const out = sample("cluster");
  if (out.includes("skipped: redis-server is not installed"))
    assert.unreachable("redis-server is not installed: .ci/run installs it");
  assert.match(out, /primes below 2,000,000: 148,933, in \d+ ms on [12] worker process/, out);
  const lines = out.split("\n").filter((l) => /primes, on worker \S+ thread \d+$/.test(l));
  assert.is(lines.length, 8, out);
  report(`samples/cluster: ${out.trim().split("\n").at(-1).trim()}`);
});

test.run();
