// Which Redis commands a call costs, one by one (INFO commandstats over a burst), for
// tamed's cluster backend or for raw BullMQ, against a redis-server it starts:
//   node bench/cluster/commands.mjs tamed|raw     (after npm run bench:cluster has built bench/cluster/out)
// N=calls (3000), SEQ=1 for one call at a time, WPROF=1 to write CPU profiles of the two
// worker processes to /tmp/prof/worker (run this script with --cpu-prof for the caller's).
import { join } from "node:path";
import { spawn } from "node:child_process";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { bullmq } from "tamed/bullmq";
import { startRedis } from "../../test/cluster/redis.mjs";
const here = import.meta.dirname;
const out = join(here, "out");
const { inc } = await import(join(out, "tasks.js"));
const N = Number(process.env.N ?? 3000);
const mode = process.argv[2] ?? "tamed";
async function stats(url) {
  const r = new Redis(url);
  const s = await r.info("commandstats");
  const c = await r.info("cpu");
  r.disconnect();
  const m = {};
  for (const x of s.matchAll(/cmdstat_(\w+):calls=(\d+),usec=(\d+)/g)) m[x[1]] = [Number(x[2]), Number(x[3])];
  const sec = (k) => Number(new RegExp(`${k}:([\\d.]+)`).exec(c)[1]);
  m.__cpu = [sec("used_cpu_user") + sec("used_cpu_sys"), 0];
  return m;
}
function diff(a, b) {
  const rows = [];
  for (const k of Object.keys(b)) {
    const [c1, u1] = a[k] ?? [0, 0];
    const [c2, u2] = b[k];
    if (k === "__cpu") {
      rows.push(`cpu µs/call ${(((c2 - c1) * 1e6) / N).toFixed(1)}`);
      continue;
    }
    if (c2 - c1 > 0)
      rows.push(`${k.padEnd(16)} calls/call ${((c2 - c1) / N).toFixed(2)}  usec/call ${((u2 - u1) / N).toFixed(1)}`);
  }
  return rows.join("\n");
}
const redis = await startRedis();
try {
  if (mode === "tamed") {
    const ws = await Promise.all(
      [1, 2].map(async () => {
        const child = spawn(
          process.execPath,
          [
            ...(process.env.WPROF ? ["--cpu-prof", "--cpu-prof-dir=/tmp/prof/worker"] : []),
            join(here, "..", "..", "dist", "cli", "index.js"),
            "worker",
            "--redis",
            redis.url,
            "--dir",
            out,
            "--threads",
            "1",
            "--queue",
            "tamed",
            "--concurrency",
            "8",
          ],
          { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, TAMED_WORKER_LOG: "0" } },
        );
        await new Promise((r) => {
          let o = "";
          child.stdout.on("data", (d) => {
            o += d;
            if (/ready/.test(o)) r();
          });
        });
        child.stdout.resume();
        return { stop: () => new Promise((r) => (child.once("exit", r), child.kill("SIGTERM"))) };
      }),
    );
    const cluster = bullmq({ connection: redis.url });
    const remote = cluster.bind(inc);
    for (let i = 0; i < 50; i++) await remote(i);
    const a = await stats(redis.url);
    const t0 = performance.now();
    if (process.env.SEQ) for (let i = 0; i < N; i++) await remote(i);
    else await Promise.all(Array.from({ length: N }, (_, i) => remote(i)));
    const ms = performance.now() - t0;
    const b = await stats(redis.url);
    console.log(`tamed ${N} in ${ms.toFixed(0)} ms\n${diff(a, b)}`);
    await cluster.close();
    await Promise.all(ws.map((w) => w.stop("SIGTERM")));
  } else {
    const procs = [];
    for (let i = 0; i < 2; i++) {
      const child = spawn(process.execPath, [join(here, "raw-worker.mjs"), redis.url, "raw", "8"], {
        stdio: ["ignore", "pipe", "inherit"],
      });
      await new Promise((r) => child.stdout.once("data", r));
      procs.push(child);
    }
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    // The raw side of bench/cluster.mjs: its stream length, job options and one pipeline of adds
    // (it counts completions in Redis instead of reading each result back).
    const queue = new Queue("raw", { connection, streams: { events: { maxLen: 200_000 } } });
    const before = await queue.getCompletedCount();
    const a = await stats(redis.url);
    const t0 = performance.now();
    const opts = { removeOnComplete: { age: 3600 } };
    await queue.addBulk(Array.from({ length: N }, (_, i) => ({ name: "inc", data: { x: i }, opts })));
    while ((await queue.getCompletedCount()) - before < N) await new Promise((r) => setTimeout(r, 5));
    const ms = performance.now() - t0;
    const b = await stats(redis.url);
    console.log(`raw ${N} in ${ms.toFixed(0)} ms\n${diff(a, b)}`);
    await queue.close();
    connection.disconnect();
    await Promise.all(procs.map((c) => new Promise((r) => (c.once("exit", r), c.kill("SIGTERM")))));
  }
} finally {
  await redis.stop();
}
