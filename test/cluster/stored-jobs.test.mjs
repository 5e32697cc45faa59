// What a cluster call leaves in Redis (runtime/bullmq/wire.ts JobData, options.ts keepMs),
// against a real redis-server and real `tamed worker` processes: a trivial call's job is
// small enough for Redis's compact hash encoding; a job names its worker module by its
// index in the build, and one naming anything else is not run; finished jobs stay for
// callers that missed their event, by the workers' rule unless a caller's keepMs says.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Queue, QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { setUp } from "../helpers.mjs";
import { bullmq } from "tamed/bullmq";
import { startFixture, startWorker } from "./redis.mjs";
import { THREW, readOutcome } from "../../dist/runtime/bullmq/wire.js";

const test = suite("cluster stored jobs");
const ctx = {};
const scratch = mkdtempSync(join(tmpdir(), "tamed-cluster-jobs-"));

test.before(
  setUp(async () => {
    Object.assign(ctx, await startFixture());
    ctx.redisClient = new Redis(ctx.redis.url, { maxRetriesPerRequest: null });
    ctx.cluster = bullmq({ connection: ctx.redis.url, pollMs: 300 });
  }),
);

test.after(async () => {
  await ctx.cluster?.close();
  for (const w of [...(ctx.workers ?? []), ...(ctx.extra ?? [])]) await w.stop("SIGKILL");
  ctx.redisClient?.disconnect();
  await ctx.redis?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

/** The id of the job of `queue` that finished last. */
async function lastFinished(queue) {
  const [id] = await ctx.redisClient.zrevrange(`bull:${queue}:completed`, 0, 0);
  assert.ok(id, `a finished job in ${queue}`);
  return id;
}

test("a trivial call's job is stored compactly: each value of its hash fits Redis's listpack (64 bytes), with no options of its own but its id", async () => {
  assert.is(await ctx.cluster.bind(ctx.tasks.add)(2, 3), 5);
  const key = `bull:tamed:${await lastFinished("tamed")}`;
  const hash = await ctx.redisClient.hgetall(key);
  const long = Object.entries(hash).filter(([, v]) => Buffer.byteLength(v) > 64);
  assert.equal(long, [], "values over 64 bytes");
  assert.is(await ctx.redisClient.object("ENCODING", key), "listpack");
  assert.equal(Object.keys(JSON.parse(hash.opts)).sort(), ["attempts", "jobId"]);
  assert.is(typeof JSON.parse(hash.data).m, "number", "the module, by its index in the build");
});

test("a job naming a module its build does not list (a path, an index past the end, a negative one) is not run: its outcome names the module", async () => {
  // A job written straight to the queue, as anyone who can write it could: the build tag is right.
  const { data } = await ctx.redisClient.hgetall(`bull:tamed:${await lastFinished("tamed")}`);
  const tag = JSON.parse(data).b;
  const marker = join(scratch, "imported");
  const evil = join(scratch, "evil.mjs");
  writeFileSync(evil, `import { writeFileSync } from "node:fs"; writeFileSync(${JSON.stringify(marker)}, "ran");`);
  const queue = new Queue("tamed", { connection: ctx.redisClient });
  const reader = ctx.redisClient.duplicate(); // QueueEvents blocks its connection
  const events = new QueueEvents("tamed", { connection: reader });
  try {
    await events.waitUntilReady();
    for (const m of [evil, "__tamed__/../../evil.mjs", 9999, -1, "0"]) {
      const job = await queue.add("add", { b: tag, m, c: true, a: "[1,2]" });
      const o = readOutcome(await job.waitUntilFinished(events, 20_000));
      assert.is(o?.[0], THREW, `the outcome of a job naming ${JSON.stringify(m)}`);
      assert.match(o[1].message, `has no worker module ${JSON.stringify(m)}`);
    }
    assert.not.ok(existsSync(marker), "the named file was never imported");
  } finally {
    await events.close();
    await queue.close();
    reader.disconnect();
  }
});

test("finished jobs stay for callers that missed their event: an hour by default; a caller's keepMs removes those older than it", async () => {
  const w = await startWorker({ redis: ctx.redis.url, dir: ctx.out, queue: "kept" });
  (ctx.extra ??= []).push(w);
  const plain = bullmq({ connection: ctx.redis.url, queue: "kept", pollMs: 300 });
  const keeping = bullmq({ connection: ctx.redis.url, queue: "kept", pollMs: 300, keepMs: 1000 });
  const exists = async (id) => (await ctx.redisClient.exists(`bull:kept:${id}`)) === 1;
  try {
    assert.is(await plain.bind(ctx.tasks.add)(1, 1), 2);
    const first = await lastFinished("kept");
    await sleep(2200); // BullMQ reads keepMs in whole seconds (1 s here), against each job's finish time
    assert.is(await plain.bind(ctx.tasks.add)(1, 2), 3);
    const second = await lastFinished("kept");
    assert.ok(await exists(first), "a job finished 2 s ago stays by default");
    assert.is(await keeping.bind(ctx.tasks.add)(1, 3), 4);
    const third = await lastFinished("kept");
    assert.not.ok(await exists(first), "removed when a job of keepMs 1000 finished, 2 s after it");
    assert.ok(await exists(second), "a job finished under 1 s before stays");
    assert.ok(await exists(third));
  } finally {
    await plain.close();
    await keeping.close();
  }
});

test.run();
