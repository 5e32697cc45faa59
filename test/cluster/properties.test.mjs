// The property test of test/fixtures/properties (random programs of tasks in nested
// scopes, see the invariants listed in its main.ts) run against the cluster backend: a
// real redis-server on 127.0.0.1 and two real `tamed worker` processes of one thread
// each, for that fixture's build. Fewer programs than on the pool: each call costs Redis
// round trips.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { build, report, setUp } from "../helpers.mjs";
import { haveRedis, startRedis, startWorker } from "./redis.mjs";

const test = suite("cluster properties");
const ctx = {};
/** Programs per run (CLUSTER_PROGRAMS overrides it): 200 took 20-24 s here under load 8, after about 15 s of setup. */
const PROGRAMS = Number(process.env.CLUSTER_PROGRAMS ?? 150);
/** Jobs the two workers run at once: one thread each. */
const WORKERS = 2;

/**
 * Runs the fixture's main.js as a child process, without blocking this process's event
 * loop (the workers' output pipes are read here, and a full pipe would stall a worker).
 * Resolves with { status, stdout, stderr, ms }; a run past `timeoutMs` is killed and fails.
 */
function runAsync(file, args, env, timeoutMs) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const e = { ...process.env, ...env, NO_COLOR: "1" };
    delete e.FORCE_COLOR;
    const child = spawn(process.execPath, [file, ...args], { env: e, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${file} did not finish within ${timeoutMs} ms (hung):\n${stdout}${stderr.slice(-5000)}`));
    }, timeoutMs);
    child.once("exit", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr, ms: performance.now() - t0 });
    });
  });
}

test.before(
  setUp(async () => {
    assert.ok(haveRedis(), "redis-server is not installed: .ci/run installs it (apt-get install redis-server)");
    ctx.out = build("properties").outDir;
    ctx.redis = await startRedis();
    ctx.workers = await Promise.all(
      Array.from({ length: WORKERS }, () => startWorker({ redis: ctx.redis.url, dir: ctx.out, threads: 1 })),
    );
  }),
);

test.after(async () => {
  for (const w of ctx.workers ?? []) await w.stop("SIGKILL");
  await ctx.redis?.stop();
});

test(`random programs of tasks in nested scopes keep every invariant on the cluster backend (${PROGRAMS} programs, 2 worker processes)`, async () => {
  // A failure prints fast-check's shrunk counterexample and its seed: replay it with
  // PROPERTIES_SEED and PROPERTIES_PATH set in this process's environment (passed on).
  const r = await runAsync(
    join(ctx.out, "main.js"),
    [String(PROGRAMS)],
    { PROPERTIES_REDIS: ctx.redis.url, PROPERTIES_SLOTS: String(WORKERS) },
    300_000,
  );
  assert.is(r.status, 0, `${r.stdout}${r.stderr}`);
  // (A replay runs the counterexample's path, not PROGRAMS programs.)
  if (process.env.PROPERTIES_SEED === undefined)
    assert.is(r.stdout, `${PROGRAMS} random programs passed every invariant\n`);
  else assert.match(r.stdout, /^\d+ random programs passed every invariant\n$/);
  report(`cluster properties: ${r.stderr.trim()}`);
});

test.run();
