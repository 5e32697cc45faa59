// npm run bench:cluster — the cluster backend (tamed/bullmq) side by side with the local
// pool and with raw BullMQ (a hand-written producer and worker pair doing the same work),
// against a redis-server this script starts on 127.0.0.1 (Debian's package).
//   node bench/cluster.mjs [--quick] [--adds-only]
// Rows: round trip of a trivial call (p50, one at a time), throughput of a burst of
// trivial calls through 2 worker processes, what a call of the burst costs in Redis
// commands and CPU (Redis's, the caller's, the worker processes'), and CPU scaling of 8
// calls of ~100 ms on 1 and on 2 worker processes (1 thread each). Only ratios measured
// in the same run mean anything on a shared machine; CPU per call varies least with load.
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { Queue, QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import { AsyncExecutor, shutdown } from "tamed";
import { bullmq } from "tamed/bullmq";
import { startRedis, startWorker } from "../test/cluster/redis.mjs";

const quick = process.argv.includes("--quick");
const addsOnly = process.argv.includes("--adds-only");
const here = join(import.meta.dirname ?? new URL(".", import.meta.url).pathname, "cluster");
const root = join(here, "..", "..");
const ROUNDS = quick ? 50 : 300;
const BURST = quick ? 1000 : 10_000;
const CONCURRENCY = 8;
const log = (m) => process.stderr.write(`${m}\n`);

const built = spawnSync(process.execPath, [join(root, "node_modules", "ts-patch", "bin", "tspc.js"), "-p", here], {
  encoding: "utf8",
});
if (built.status !== 0) throw new Error(`building bench/cluster failed:\n${built.stdout}${built.stderr}`);
const out = join(here, "out");
const { inc, spin } = await import(join(out, "tasks.js"));

const p50 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * What Redis has done so far: commands run, and its process's CPU seconds (user + sys,
 * network I/O included). The difference over a burst, per call, is what a call costs
 * the one Redis every machine shares: the ceiling of a cluster, however many workers.
 */
async function redisWork(url) {
  const r = new Redis(url, { maxRetriesPerRequest: null });
  try {
    const stats = await r.info("commandstats");
    const commands = [...stats.matchAll(/calls=(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    const cpu = await r.info("cpu");
    const seconds = (key) => Number(new RegExp(`${key}:([\\d.]+)`).exec(cpu)?.[1] ?? NaN);
    return { commands, cpu: seconds("used_cpu_user") + seconds("used_cpu_sys") };
  } finally {
    r.disconnect();
  }
}

/** CPU seconds (user + sys, all threads) of process `pid` so far (Linux /proc; NaN elsewhere). */
function procCpu(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12])) / 100; // utime, stime in clock ticks (USER_HZ, 100 on Linux)
  } catch {
    return NaN;
  }
}

/**
 * CPU time the caller (this process) and the worker processes (`pids`) have used: CPU,
 * unlike wall-clock time, does not grow when other work shares the machine's cores.
 */
function cpuNow(pids) {
  const u = process.cpuUsage();
  return { caller: (u.user + u.system) / 1e6, workers: pids.reduce((sum, pid) => sum + procCpu(pid), 0) };
}

/** Per call of a burst of `n`: CPU microseconds of the caller and the worker processes. */
function cpuPerCall(before, after, n) {
  return {
    caller: ((after.caller - before.caller) * 1e6) / n,
    workers: ((after.workers - before.workers) * 1e6) / n,
  };
}

/** Per call of a burst of `n`: Redis commands and Redis CPU microseconds. */
function perCall(before, after, n) {
  return { commands: (after.commands - before.commands) / n, cpuUs: ((after.cpu - before.cpu) * 1e6) / n };
}

async function roundTrip(call) {
  for (let i = 0; i < 20; i++) await call(i);
  const times = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    await call(i);
    times.push(performance.now() - t0);
  }
  return p50(times);
}

async function rawWorkers(url, queue, n) {
  const procs = [];
  for (let i = 0; i < n; i++) {
    const child = spawn(process.execPath, [join(here, "raw-worker.mjs"), url, queue, String(CONCURRENCY)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    await new Promise((resolve, reject) => {
      child.stdout.once("data", resolve);
      child.once("exit", reject);
    });
    procs.push(child);
  }
  return {
    pids: procs.map((c) => c.pid),
    stop: () => Promise.all(procs.map((c) => new Promise((r) => (c.once("exit", r), c.kill("SIGTERM"))))),
  };
}

const redis = await startRedis();
const quiet = { TAMED_WORKER_LOG: "0" };
const rows = [];
try {
  // Local pool.
  const local = new AsyncExecutor();
  const localRt = await roundTrip((i) => local.submit(inc, i));
  let t0 = performance.now();
  await Promise.all(Array.from({ length: BURST }, (_, i) => local.submit(inc, i)));
  const localTp = BURST / ((performance.now() - t0) / 1000);
  await shutdown();
  log(`local pool: round trip ${localRt.toFixed(3)} ms, ${localTp.toFixed(0)} calls/s`);

  // tamed on the cluster: 2 worker processes.
  const workers = await Promise.all(
    [1, 2].map(() => startWorker({ redis: redis.url, dir: out, queue: "tamed", concurrency: CONCURRENCY, env: quiet })),
  );
  // POLL_MS: the caller's pollMs (a long one shows how much a burst leans on the poll when events are lost).
  const cluster = bullmq({ connection: redis.url, pollMs: Number(process.env.POLL_MS ?? 1000) });
  const remote = cluster.bind(inc);
  const tamedRt = await roundTrip((i) => remote(i));
  let work = await redisWork(redis.url);
  let cpu = cpuNow(workers.map((w) => w.pid));
  t0 = performance.now();
  const values = await Promise.all(Array.from({ length: BURST }, (_, i) => remote(i)));
  if (!values.every((v, i) => v === i + 1)) throw new Error("tamed cluster: a burst result is wrong");
  const tamedTp = BURST / ((performance.now() - t0) / 1000);
  const tamedCpu = cpuPerCall(cpu, cpuNow(workers.map((w) => w.pid)), BURST);
  const tamedCost = perCall(work, await redisWork(redis.url), BURST);
  log(`tamed cluster: round trip ${tamedRt.toFixed(3)} ms, ${tamedTp.toFixed(0)} calls/s`);

  // CPU scaling: 8 calls of ~100 ms, on 1 worker process, then on 2.
  const spinRemote = cluster.bind(spin);
  await Promise.all(workers.map((w) => w.stop("SIGTERM")));
  const one = await startWorker({ redis: redis.url, dir: out, queue: "tamed", concurrency: 1, env: quiet });
  await spinRemote(10);
  t0 = performance.now();
  await Promise.all(Array.from({ length: 8 }, () => spinRemote(100)));
  const oneMs = performance.now() - t0;
  const two = await startWorker({ redis: redis.url, dir: out, queue: "tamed", concurrency: 1, env: quiet });
  t0 = performance.now();
  await Promise.all(Array.from({ length: 8 }, () => spinRemote(100)));
  const twoMs = performance.now() - t0;
  await cluster.close();
  await Promise.all([one.stop("SIGTERM"), two.stop("SIGTERM")]);
  log(`CPU scaling: ${oneMs.toFixed(0)} ms on 1 worker process, ${twoMs.toFixed(0)} ms on 2`);

  // Raw BullMQ: the same work by hand, 2 worker processes.
  const raw = await rawWorkers(redis.url, "raw", 2);
  const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
  const eventsConnection = new Redis(redis.url, { maxRetriesPerRequest: null });
  const queue = new Queue("raw", { connection });
  const events = new QueueEvents("raw", { connection: eventsConnection });
  await events.waitUntilReady();
  const rawRt = await roundTrip(async (i) => {
    const job = await queue.add("inc", { x: i }, { removeOnComplete: { age: 3600 } });
    return finished(job, events);
  });
  // Throughput: each job's result awaited as in the round trip (its completion event, or
  // its state read from Redis when that event is lost), since tamed's caller gets every
  // call's value back too. `--adds-only` counts completions in Redis instead, as this
  // bench did before 2026-12-04: a producer that never reads a result does less work.
  await queue.drain();
  const before = await queue.getCompletedCount();
  work = await redisWork(redis.url);
  cpu = cpuNow(raw.pids);
  t0 = performance.now();
  if (addsOnly) {
    await Promise.all(Array.from({ length: BURST }, (_, i) => queue.add("inc", { x: i })));
    while ((await queue.getCompletedCount()) - before < BURST) await new Promise((r) => setTimeout(r, 5));
  } else {
    const results = collector(queue, events);
    const values = await Promise.all(
      Array.from({ length: BURST }, async (_, i) =>
        results.of(await queue.add("inc", { x: i }, { removeOnComplete: { age: 3600 } })),
      ),
    );
    results.close();
    if (!values.every((v, i) => v === i + 1)) throw new Error("raw BullMQ: a burst result is wrong");
  }
  const rawTp = BURST / ((performance.now() - t0) / 1000);
  const rawCpu = cpuPerCall(cpu, cpuNow(raw.pids), BURST);
  const rawCost = perCall(work, await redisWork(redis.url), BURST);
  log(`raw BullMQ: round trip ${rawRt.toFixed(3)} ms, ${rawTp.toFixed(0)} calls/s`);
  await events.close();
  await queue.close();
  connection.disconnect();
  eventsConnection.disconnect();
  await raw.stop();

  rows.push(
    `| round trip, p50 (ms) | ${localRt.toFixed(3)} | ${tamedRt.toFixed(3)} | ${rawRt.toFixed(3)} | ${(tamedRt / rawRt).toFixed(2)}x raw (goal ≤ 1.3x) |`,
    `| ${BURST.toLocaleString("en-US")} trivial calls, calls/s | ${localTp.toFixed(0)} | ${tamedTp.toFixed(0)} | ${rawTp.toFixed(0)} | ${((tamedTp / rawTp) * 100).toFixed(0)}% of raw (goal ≥ 80%) |`,
    `| Redis per call in the burst: commands, CPU µs | | ${tamedCost.commands.toFixed(1)}, ${tamedCost.cpuUs.toFixed(0)} | ${rawCost.commands.toFixed(1)}, ${rawCost.cpuUs.toFixed(0)} | one Redis core's ceiling ≈ ${(1e6 / tamedCost.cpuUs).toFixed(0)} tamed calls/s |`,
    `| CPU per call in the burst, µs: caller, worker processes | | ${tamedCpu.caller.toFixed(0)}, ${tamedCpu.workers.toFixed(0)} | ${rawCpu.caller.toFixed(0)}, ${rawCpu.workers.toFixed(0)} | ${((tamedCpu.caller + tamedCpu.workers + tamedCost.cpuUs) / (rawCpu.caller + rawCpu.workers + rawCost.cpuUs)).toFixed(2)}x raw's CPU per call, Redis included |`,
    `| 8 × ~100 ms CPU calls (ms) | | 1 process: ${oneMs.toFixed(0)}, 2: ${twoMs.toFixed(0)} | | ${(oneMs / twoMs).toFixed(2)}x speedup on 2 processes |`,
  );
} finally {
  await redis.stop();
}
console.log(
  `Node ${process.version}, ${availableParallelism()} cores, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(
      " ",
    )}${quick ? ", --quick (tiny sizes)" : ""}${addsOnly ? ", --adds-only (raw burst reads no result)" : ""}; 2 worker processes of 1 thread, concurrency ${CONCURRENCY}\n`,
);
console.log("| | local pool | tamed cluster | raw BullMQ | tamed vs raw |");
console.log("| --- | --- | --- | --- | --- |");
for (const r of rows) console.log(r);

/**
 * Raw BullMQ's wait for a job: its completion event, or, when that event is lost (events
 * are best-effort: one run here waited forever), the job's state read from Redis after
 * 500 ms, then every 50 ms. A round trip that needed the fallback is slow, and counted.
 */
function finished(job, events) {
  let timer;
  const poll = new Promise((resolve, reject) => {
    const check = async () => {
      const state = await job.getState();
      if (state === "completed") resolve((await job.constructor.fromId(job.queue, job.id))?.returnvalue);
      else if (state === "failed") reject(new Error(`raw job ${job.id} failed`));
      else timer = setTimeout(check, 50);
    };
    timer = setTimeout(check, 500);
  });
  return Promise.race([job.waitUntilFinished(events), poll]).finally(() => clearTimeout(timer));
}

/**
 * Raw BullMQ's results for a burst, read the cheapest way a hand-written producer would:
 * one listener for every job's completion event (not two per job, nor waitUntilFinished's
 * extra Redis read per job), and for the jobs whose event was lost, their state read from
 * Redis every 500 ms. An event may come before its add's reply: it is kept until asked for.
 */
function collector(queue, events) {
  const waiting = new Map();
  const early = new Map();
  const settle = (id, ok, value) => {
    const w = waiting.get(id);
    if (w === undefined) early.set(id, { ok, value });
    else {
      waiting.delete(id);
      if (ok) w.resolve(value);
      else w.reject(new Error(`raw job ${id} failed: ${value}`));
    }
  };
  const onCompleted = ({ jobId, returnvalue }) => settle(jobId, true, returnvalue);
  const onFailed = ({ jobId, failedReason }) => settle(jobId, false, failedReason);
  events.on("completed", onCompleted);
  events.on("failed", onFailed);
  const sweep = setInterval(async () => {
    const now = performance.now();
    for (const [id, w] of waiting) {
      if (now - w.since < 500) continue;
      const job = await queue.getJob(id);
      const state = await job?.getState();
      if (state === "completed") settle(id, true, job.returnvalue);
      else if (state === "failed") settle(id, false, job.failedReason);
    }
  }, 500);
  return {
    of: (job) =>
      new Promise((resolve, reject) => {
        const e = early.get(job.id);
        if (e !== undefined) {
          early.delete(job.id);
          return e.ok ? resolve(e.value) : reject(new Error(`raw job ${job.id} failed: ${e.value}`));
        }
        waiting.set(job.id, { resolve, reject, since: performance.now() });
      }),
    close: () => {
      clearInterval(sweep);
      events.off("completed", onCompleted);
      events.off("failed", onFailed);
    },
  };
}
