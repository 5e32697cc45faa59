// npm run bench:cluster — the cluster backend (tamed/bullmq) side by side with the local
// pool and with raw BullMQ (a hand-written producer and worker pair doing the same work),
// against a redis-server this script starts on 127.0.0.1 (Debian's package).
//   node bench/cluster.mjs [--quick] [--adds-only] [--concurrency N] [--result]
// (--result: a last line "@@RESULT <json>" with the table and the goals' figures, which
// `npm run bench` reads as its cluster scenario: bench/scenarios/cluster.mjs.)
// Rows: round trip of a trivial call (p50, one at a time), throughput of a burst of
// trivial calls through 2 worker processes, what a call of the burst costs in Redis
// commands and CPU (Redis's, the caller's, the worker processes'), and CPU scaling of 8
// calls of ~100 ms on 1 and on 2 worker processes (1 thread each). tamed and raw BullMQ
// run side by side, their round trips one call of each in turn and their bursts in
// alternating rounds after a warm-up burst each: only ratios measured in the same run
// mean anything on a shared machine, and even they swing from round to round (hence
// the median and range); CPU per call varies least with load.
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
const resultLine = process.argv.includes("--result");
const here = join(import.meta.dirname ?? new URL(".", import.meta.url).pathname, "cluster");
const root = join(here, "..", "..");
const ROUNDS = quick ? 50 : 300;
const BURST = quick ? 1000 : 10_000;
/** Bursts of each side, in rotating order: 6 rounds put each of the 3 sides in each place twice. */
const REPEATS = quick ? 3 : 6;
/**
 * Jobs each worker process holds at once, for every side (--concurrency N; 8 by default,
 * the figure the goals are read at): the latency of tamed's hop to its pool thread is
 * paid inside each slot, so more slots hide more of it (README, Cluster).
 */
const CONCURRENCY = (() => {
  const at = process.argv.indexOf("--concurrency");
  if (at < 0) return 8;
  const n = Number(process.argv[at + 1]);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`--concurrency takes a positive integer, got ${process.argv[at + 1]}`);
  return n;
})();
const log = (m) => process.stderr.write(`${m}\n`);

const built = spawnSync(process.execPath, [join(root, "node_modules", "ts-patch", "bin", "tspc.js"), "-p", here], {
  encoding: "utf8",
});
if (built.status !== 0) throw new Error(`building bench/cluster failed:\n${built.stdout}${built.stderr}`);
const out = join(here, "out");
const { inc, spin } = await import(join(out, "tasks.js"));

/** The median: of an even count, the mean of the middle two (the upper one alone read 6 rounds high). */
const p50 = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
};

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

const range = (xs, f) => `${f(Math.min(...xs))}-${f(Math.max(...xs))}`;

/**
 * Round trips of each side's call, one of each in turn (the order rotated every round),
 * so that all meet the same moments of a shared machine: p50 of each.
 */
async function roundTrips(sides) {
  for (let i = 0; i < 20; i++) await Promise.all(sides.map((s) => s.call(i)));
  const times = sides.map(() => []);
  for (let i = 0; i < ROUNDS; i++) {
    for (let k = 0; k < sides.length; k++) {
      const j = (i + k) % sides.length;
      const t0 = performance.now();
      await sides[j].call(i);
      times[j].push(performance.now() - t0);
    }
  }
  return times.map(p50);
}

/**
 * One burst of `n` calls of `call` (each awaited): calls/s, and per call the CPU of the
 * caller and of `pids`, and Redis's commands and CPU.
 */
async function burst(call, n, pids) {
  const work = await redisWork(redis.url);
  const cpu = cpuNow(pids);
  const t0 = performance.now();
  await call(n);
  const rate = n / ((performance.now() - t0) / 1000);
  return { rate, cpu: cpuPerCall(cpu, cpuNow(pids), n), redis: perCall(work, await redisWork(redis.url), n) };
}

async function rawWorkers(url, queue, n, mode = "") {
  const procs = [];
  for (let i = 0; i < n; i++) {
    const child = spawn(process.execPath, [join(here, "raw-worker.mjs"), url, queue, String(CONCURRENCY), mode], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    await new Promise((resolve, reject) => {
      child.stdout.once("data", resolve);
      child.once("exit", reject);
    });
    procs.push(child);
    spawned.push(child);
  }
  return {
    pids: procs.map((c) => c.pid),
    stop: () =>
      Promise.all(
        procs.map((c) =>
          c.exitCode !== null || c.signalCode !== null
            ? undefined
            : new Promise((r) => (c.once("exit", r), c.kill("SIGTERM"))),
        ),
      ),
  };
}

/**
 * A raw BullMQ baseline on its own queue: 2 worker processes (raw-worker.mjs in `mode`),
 * and a producer that adds each call's job (a burst's in one pipeline) and reads every
 * result back (collector). `--adds-only` counts a burst's completions in Redis instead,
 * as this bench did before 2026-12-04: a producer that never reads a result does less work.
 */
async function rawSide(key, mode) {
  const procs = await rawWorkers(redis.url, key, 2, mode);
  const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
  const eventsConnection = new Redis(redis.url, { maxRetriesPerRequest: null });
  const reads = new Redis(redis.url, { maxRetriesPerRequest: null });
  // The events stream as long as tamed's queue keeps it (runtime/bullmq/queue.ts): with
  // BullMQ's default of 10,000 entries a burst's completions are trimmed away unread.
  const queue = new Queue(key, { connection, streams: { events: { maxLen: 200_000 } } });
  const events = new QueueEvents(key, { connection: eventsConnection });
  await events.waitUntilReady();
  const results = collector(queue, events, reads);
  const opts = { removeOnComplete: { age: 3600 } };
  const jobs = (n) => Array.from({ length: n }, (_, i) => ({ name: "inc", data: { x: i }, opts }));
  return {
    key,
    pids: procs.pids,
    call: async (i) => results.of(await queue.add("inc", { x: i }, opts)),
    burst: async (n) => {
      // One pipeline for the whole burst, as tamed sends the calls of one turn (send.ts).
      if (addsOnly) {
        const before = await queue.getCompletedCount();
        await queue.addBulk(jobs(n));
        while ((await queue.getCompletedCount()) - before < n) await new Promise((r) => setTimeout(r, 5));
        return;
      }
      const values = await Promise.all((await queue.addBulk(jobs(n))).map((job) => results.of(job)));
      const bad = values.findIndex((v, i) => v !== i + 1);
      if (bad >= 0)
        throw new Error(`${key} BullMQ: a burst result is wrong: call ${bad} gave ${JSON.stringify(values[bad])}`);
    },
    close: async () => {
      results.close();
      await events.close();
      await queue.close();
      connection.disconnect();
      eventsConnection.disconnect();
      reads.disconnect();
      await procs.stop();
    },
  };
}

/** Every worker process started, stopped at the end whatever happened. */
const spawned = [];
const redis = await startRedis();
const quiet = { TAMED_WORKER_LOG: "0" };
const rows = [];
/** What the goals read: tamed's round trip over raw's, its burst rate in % of raw's (medians), CPU scaling. */
const goals = {};
try {
  // Local pool.
  const local = new AsyncExecutor();
  const [localRt] = await roundTrips([{ call: (i) => local.submit(inc, i) }]);
  let t0 = performance.now();
  await Promise.all(Array.from({ length: BURST }, (_, i) => local.submit(inc, i)));
  const localTp = BURST / ((performance.now() - t0) / 1000);
  await shutdown();
  log(`local pool: round trip ${localRt.toFixed(3)} ms, ${localTp.toFixed(0)} calls/s`);

  // tamed on the cluster and raw BullMQ side by side: 2 worker processes each, on their
  // own queues of the one Redis (a worker process waiting for jobs costs nothing).
  const workers = await Promise.all(
    [1, 2].map(() => startWorker({ redis: redis.url, dir: out, queue: "tamed", concurrency: CONCURRENCY, env: quiet })),
  );
  spawned.push(...workers.map((w) => w.child));
  // POLL_MS: the caller's pollMs (a long one shows how much a burst leans on the poll when events are lost).
  const cluster = bullmq({ connection: redis.url, pollMs: Number(process.env.POLL_MS ?? 1000) });
  const remote = cluster.bind(inc);
  const sides = [
    {
      key: "tamed",
      call: remote,
      pids: workers.map((w) => w.pid),
      burst: async (n) => {
        const values = await Promise.all(Array.from({ length: n }, (_, i) => remote(i)));
        if (!values.every((v, i) => v === i + 1)) throw new Error("tamed cluster: a burst result is wrong");
      },
      close: async () => {},
    },
    await rawSide("raw", ""),
    await rawSide("sandboxed", "sandboxed"),
  ];

  const rt = await roundTrips(sides);
  log(`round trip: ${sides.map((side, i) => `${side.key} ${rt[i].toFixed(3)} ms`).join(", ")}`);

  // A first burst of each warms up the worker processes' and the caller's code paths;
  // then the bursts take turns, the order rotated each round, and each round's ratios are
  // taken between its own bursts.
  for (const side of sides) await side.burst(BURST / 5);
  const runs = sides.map(() => []);
  for (let r = 0; r < REPEATS; r++) {
    for (let k = 0; k < sides.length; k++) {
      const j = (r + k) % sides.length;
      runs[j].push(await burst(sides[j].burst, BURST, sides[j].pids));
    }
    log(`burst ${r + 1}: ${sides.map((side, i) => `${side.key} ${runs[i][r].rate.toFixed(0)} calls/s`).join(", ")}`);
  }
  for (const side of sides) await side.close();

  // CPU scaling: 8 calls of ~100 ms, on 1 worker process, then on 2.
  const spinRemote = cluster.bind(spin);
  await Promise.all(workers.map((w) => w.stop("SIGTERM")));
  const one = await startWorker({ redis: redis.url, dir: out, queue: "tamed", concurrency: 1, env: quiet });
  spawned.push(one.child);
  await spinRemote(10);
  t0 = performance.now();
  await Promise.all(Array.from({ length: 8 }, () => spinRemote(100)));
  const oneMs = performance.now() - t0;
  const two = await startWorker({ redis: redis.url, dir: out, queue: "tamed", concurrency: 1, env: quiet });
  spawned.push(two.child);
  t0 = performance.now();
  await Promise.all(Array.from({ length: 8 }, () => spinRemote(100)));
  const twoMs = performance.now() - t0;
  await cluster.close();
  await Promise.all([one.stop("SIGTERM"), two.stop("SIGTERM")]);
  log(`CPU scaling: ${oneMs.toFixed(0)} ms on 1 worker process, ${twoMs.toFixed(0)} ms on 2`);

  const [tamedRuns, rawRuns, sandboxedRuns] = runs;
  const int = (x) => x.toFixed(0);
  const rates = (rs) => rs.map((b) => b.rate);
  const rate = (rs) => `${int(p50(rates(rs)))} (${range(rates(rs), int)})`;
  const percentOf = (rs) => {
    const ratios = tamedRuns.map((t, i) => (t.rate / rs[i].rate) * 100);
    return `${int(p50(ratios))}% (${range(ratios, int)}%)`;
  };
  const cpuTotal = (rs) => rs.map((b) => b.cpu.caller + b.cpu.workers + b.redis.cpuUs);
  const cpuTimes = (rs) => {
    const t = cpuTotal(tamedRuns);
    return `${p50(cpuTotal(rs).map((x, i) => t[i] / x)).toFixed(2)}x`;
  };
  const cost = (rs) => `${p50(rs.map((b) => b.redis.commands)).toFixed(1)}, ${int(p50(rs.map((b) => b.redis.cpuUs)))}`;
  const cpu = (rs) => `${int(p50(rs.map((b) => b.cpu.caller)))}, ${int(p50(rs.map((b) => b.cpu.workers)))}`;
  const [tamedRt, rawRt, sandboxedRt] = rt;
  goals.roundTrip = tamedRt / rawRt;
  goals.burst = p50(tamedRuns.map((t, i) => (t.rate / rawRuns[i].rate) * 100));
  goals.scaling = oneMs / twoMs;
  rows.push(
    `| round trip, p50 (ms) | ${localRt.toFixed(3)} | ${tamedRt.toFixed(3)} | ${rawRt.toFixed(3)} | ${sandboxedRt.toFixed(3)} | ${(tamedRt / rawRt).toFixed(2)}x raw (goal ≤ 1.3x); ${(tamedRt / sandboxedRt).toFixed(2)}x sandboxed |`,
    `| ${BURST.toLocaleString("en-US")} trivial calls, calls/s, median (range) of ${REPEATS} | ${localTp.toFixed(0)} | ${rate(tamedRuns)} | ${rate(rawRuns)} | ${rate(sandboxedRuns)} | ${percentOf(rawRuns)} of raw (goal ≥ 80%); ${percentOf(sandboxedRuns)} of sandboxed |`,
    `| Redis per call in the burst: commands, CPU µs | | ${cost(tamedRuns)} | ${cost(rawRuns)} | ${cost(sandboxedRuns)} | one Redis core's ceiling ≈ ${int(1e6 / p50(tamedRuns.map((b) => b.redis.cpuUs)))} tamed calls/s |`,
    `| CPU per call in the burst, µs: caller, worker processes | | ${cpu(tamedRuns)} | ${cpu(rawRuns)} | ${cpu(sandboxedRuns)} | ${cpuTimes(rawRuns)} raw's, ${cpuTimes(sandboxedRuns)} sandboxed's CPU per call, Redis included |`,
    `| 8 × ~100 ms CPU calls (ms) | | 1 process: ${oneMs.toFixed(0)}, 2: ${twoMs.toFixed(0)} | | | ${(oneMs / twoMs).toFixed(2)}x speedup on 2 processes |`,
  );
} finally {
  // Worker processes left by a run that failed would retry the stopped Redis for good.
  for (const c of spawned) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  await redis.stop();
}
const note = `Node ${process.version}, ${availableParallelism()} cores, load ${loadavg()
  .map((l) => l.toFixed(1))
  .join(
    " ",
  )}${quick ? ", --quick (tiny sizes)" : ""}${addsOnly ? ", --adds-only (raw burst reads no result)" : ""}; 2 worker processes a side, concurrency ${CONCURRENCY}: tamed's with 1 pool thread each, raw's on its event loop, sandboxed's with a thread per job it holds`;
const table = [
  "| | local pool | tamed cluster | raw BullMQ | raw BullMQ, sandboxed | tamed against them |",
  "| --- | --- | --- | --- | --- | --- |",
  ...rows,
];
console.log(`${note}\n\n${table.join("\n")}`);
if (resultLine) console.log(`@@RESULT ${JSON.stringify({ note, table, goals })}`);

/**
 * Raw BullMQ's results, read the cheapest way a hand-written producer would, and as
 * tamed's caller reads its own: one listener for every job's completion event (an event
 * may come before its add's reply: it is kept until asked for), and for the jobs whose
 * event was lost, a sweep each second that reads the outcome fields of at most 500 of
 * those added over a second before, in one pipeline (tamed's poll: runtime/bullmq/poll.ts).
 */
function collector(queue, events, reads) {
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
  let sweeping = false;
  const sweep = setInterval(async () => {
    if (sweeping) return;
    sweeping = true;
    try {
      const now = performance.now();
      const due = [];
      for (const [id, w] of waiting) {
        if (now - w.since < 1000 || due.length === 500) break; // oldest first
        due.push(id);
      }
      if (due.length === 0) return;
      const fields = ["finishedOn", "returnvalue", "failedReason"];
      const rows = await reads.pipeline(due.map((id) => ["hmget", queue.toKey(id), ...fields])).exec();
      due.forEach((id, i) => {
        const [error, [finishedOn, value, reason] = []] = rows[i];
        if (error !== null || finishedOn === null) return;
        if (reason !== null) settle(id, false, reason);
        else settle(id, true, JSON.parse(value));
      });
    } catch (e) {
      log(`sweep: ${e.message}`);
    } finally {
      sweeping = false;
    }
  }, 1000);
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
