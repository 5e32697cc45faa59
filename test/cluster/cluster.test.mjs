// The cluster backend (tamed/bullmq) against a real redis-server on 127.0.0.1 and real
// `tamed worker` processes, for the fixture test/fixtures/cluster built with tspc. The
// calls are made from this process, with the fixture's compiled stubs.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, appendFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { serialize } from "node:v8";
import { Worker } from "node:worker_threads";
import { Redis } from "ioredis";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { setUp } from "../helpers.mjs";
import {
  asCompleted,
  AsyncExecutor,
  AsyncScope,
  awaitAll,
  BuildMismatchError,
  CancelledError,
  ClusterUnsupportedError,
  configure,
  JobLostError,
  transfer,
  Unfuture,
  WorkerLostError,
} from "tamed";
import { bullmq, startWorker as startClusterWorker } from "tamed/bullmq";
import { Queue, QueueEvents, Worker as BullWorker } from "bullmq";
import { CLI, freePort, startFixture, startRedis, startWorker } from "./redis.mjs";
import { CANCELLED, OK, readOutcome } from "../../dist/runtime/bullmq/wire.js";
import { SITES_PENDING } from "../../dist/runtime/call-sites.js";

const test = suite("cluster");
const ctx = {};
const scratch = mkdtempSync(join(tmpdir(), "tamed-cluster-"));

/**
 * `promise`, or a failure naming `what` after `ms` (a test never hangs the run). The
 * failure ends with the last lines each worker process logged: what it heard and did.
 */
async function within(ms, promise, what) {
  let timer;
  const late = new Promise(
    (_, reject) =>
      (timer = setTimeout(() => reject(new Error(`${what}: nothing after ${ms} ms\n${workerLogs()}`)), ms)),
  );
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The last lines of every worker process's log, each under its name. */
function workerLogs() {
  return [...(ctx.workers ?? []), ...(ctx.extra ?? [])]
    .map((w) => `--- ${w.name}\n${w.output().split("\n").slice(-25).join("\n")}`)
    .join("\n");
}

/** A file the fixture's `marked` appends its tag to when it begins: what ran, in order. */
function tagFile(name) {
  return join(scratch, `${name}.log`);
}
function tags(file) {
  return existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : [];
}
async function until(what, ms, check) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(20);
  }
}
/** A \`tamed worker\` process of the fixture's build on \`queue\`, killed in teardown. */
async function extraWorker(queue) {
  const w = await startWorker({ redis: ctx.redis.url, dir: ctx.out, queue });
  (ctx.extra ??= []).push(w);
  return w;
}
/**
 * The outcome kinds (OK, CANCELLED, ...) of the queue's first `n` ended jobs, sorted, once
 * that many have ended; fails naming what ended if they have not within `ms`.
 */
async function endedKinds(queue, n, ms) {
  const until = Date.now() + ms;
  let jobs;
  while ((jobs = await queue.getJobs(["completed", "failed"])).length < n) {
    if (Date.now() > until) throw new Error(`${jobs.length} of ${n} jobs ended within ${ms / 1000} s`);
    await sleep(100);
  }
  return jobs.map((j) => readOutcome(j.returnvalue)?.[0]).sort();
}

/**
 * SIGSTOPs worker process `w` and waits until its call is run again (a job waits in
 * `queue`): its heartbeat expires (5 s TTL) but BullMQ's lock on the job (30 s) does not.
 */
async function stopUntilRetried(w, queue) {
  process.kill(w.pid, "SIGSTOP");
  const end = Date.now() + 30_000;
  while ((await queue.getWaitingCount()) === 0) {
    if (Date.now() > end) throw new Error("the call was not run again within 30 s of its worker stopping");
    await sleep(100);
  }
}
/** The outcome of a task as one word: its value, or its error's class name. */
async function outcome(task) {
  try {
    return { ok: true, value: await task };
  } catch (e) {
    return { ok: false, error: e };
  }
}

test.before(
  setUp(async () => {
    Object.assign(ctx, await startFixture());
    ctx.cluster = bullmq({ connection: ctx.redis.url, pollMs: 300 });
    ctx.executor = new AsyncExecutor({ backend: ctx.cluster });
  }),
);

test.after(async () => {
  await ctx.cluster?.close();
  for (const w of [...(ctx.workers ?? []), ...(ctx.extra ?? [])]) await w.stop("SIGKILL");
  await ctx.redis?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

test("calls run on worker processes: values and structured data both ways, errors with their class, fields and stack, where each ran", async () => {
  const { add, shapes, fails, TooBig } = ctx.tasks;
  const t = ctx.executor.submit(add, 2, 3);
  assert.is(await within(20_000, t, "add"), 5);
  assert.is(t.status, "success");
  assert.ok(
    ctx.workers.some((w) => w.name === t.worker),
    `ran on ${t.worker}`,
  );
  const years = await within(
    20_000,
    ctx.executor.submit(shapes, new Map([["a", new Date("2020-05-01T00:00:00Z")]])),
    "shapes",
  );
  assert.instance(years, Map);
  assert.is(years.get("a"), 2020);

  const r = await within(20_000, outcome(ctx.executor.submit(fails, 11)), "fails");
  assert.not.ok(r.ok);
  assert.instance(r.error, TooBig, "the user's own error class, rebuilt on the caller's side");
  assert.is(r.error.limit, 10);
  assert.match(r.error.stack, /src\/tasks\.ts:\d+/, "source-mapped worker frame");
  assert.match(r.error.stack, /tamed cluster worker /, "boundary frame naming the worker process");
  assert.match(r.error.stack, /cluster\.test\.mjs/, "the caller's own frames");
  assert.not.match(r.error.stack, /bullmq/, "no frames of the worker process's own machinery");
  const below = r.error.stack.split("\n").findIndex((l) => l.includes("tamed cluster worker "));
  assert.match(
    r.error.stack.split("\n")[below + 1],
    /cluster\.test\.mjs/,
    "the caller's line next, past the executor's frames",
  );

  // The same through a scope, and a bound function.
  const scope = new AsyncScope({ backend: ctx.cluster }); // `await using` where the syntax is there (Node 24)
  const a = scope.spawn(add, 1, 1);
  const b = scope.spawn(add, 2, 2);
  await within(20_000, scope[Symbol.asyncDispose](), "the scope's exit");
  assert.equal([a.value, b.value], [2, 4]);
  const remoteAdd = ctx.cluster.bind(add);
  assert.is(await within(20_000, remoteAdd(20, 22), "bound"), 42);
  // The combinators and continuations work on cluster tasks as on local ones.
  const progress = [];
  assert.equal(
    await within(
      20_000,
      awaitAll([remoteAdd(1, 1), remoteAdd(2, 2)], { onProgress: (p) => progress.push(p.done) }),
      "awaitAll",
    ),
    [2, 4],
  );
  assert.equal(progress.sort(), [1, 2]);
  assert.is(
    await within(
      20_000,
      remoteAdd(1, 1).continueWith((t) => t.value * 10),
      "continueWith",
    ),
    20,
  );
  const seen = [];
  for await (const f of asCompleted([remoteAdd(5, 5), ctx.executor.submit(fails, 50)])) seen.push(f.status);
  assert.equal(seen.sort(), ["failure", "success"]);
  // A task as an argument: awaited, and its value sent.
  assert.is(await within(20_000, remoteAdd(remoteAdd(1, 1), 3), "a task as an argument"), 5);
});

test("Unfuture arguments: a settled one's value is sent, a failed one fails the call with its error and sends nothing", async () => {
  const { add } = ctx.tasks;
  const remoteAdd = ctx.cluster.bind(add);
  const settled = new Unfuture();
  settled.setResult(40);
  assert.is(await within(20_000, remoteAdd(settled, 2), "a settled Unfuture as an argument"), 42);
  const failed = new Unfuture();
  failed.setException(new RangeError("no input"));
  failed.exception; // observed: its failure is this test's to check
  const queue = new Queue("tamed", { connection: { host: "127.0.0.1", port: ctx.redis.port } });
  try {
    const before = await queue.getJobCounts();
    const r = await outcome(remoteAdd(failed, 2));
    assert.instance(r.error, RangeError);
    assert.is(r.error.message, "no input");
    await sleep(50); // past the turn that would have sent its job
    assert.equal(await queue.getJobCounts(), before, "no job was added");
  } finally {
    await queue.close();
  }
});

test("callSites: false records no caller frames on a cluster call, as on the pool; the default records them", async () => {
  const { fails, TooBig } = ctx.tasks;
  const stackOf = async (label) => {
    const r = await within(20_000, outcome(ctx.executor.submit(fails, 11)), label);
    assert.instance(r.error, TooBig);
    return r.error.stack;
  };
  configure({ callSites: false });
  try {
    const off = await stackOf("callSites: false");
    assert.match(off, /src\/tasks\.ts:\d+/, "the worker's frames stay");
    assert.match(off, /tamed cluster worker /, "and the boundary frame");
    assert.not.match(off, /cluster\.test\.mjs/, "no caller frames");
  } finally {
    configure({ callSites: true });
  }
  assert.match(await stackOf("callSites: true"), /cluster\.test\.mjs/, "the caller's frames");
});

test('in a burst of more pending cluster calls than SITES_PENDING, the later calls\' stacks say their site was not recorded, as on the pool; "all" records every one', async () => {
  const { fails, TooBig } = ctx.tasks;
  const remoteFails = ctx.cluster.bind(fails);
  const burst = async (label) => {
    function callerOfFails() {
      return Array.from({ length: SITES_PENDING + 20 }, () => remoteFails(11));
    }
    const errors = await within(60_000, Promise.all(callerOfFails().map((t) => outcome(t))), label);
    for (const r of errors) assert.instance(r.error, TooBig);
    return [errors[0].error.stack, errors.at(-1).error.stack];
  };
  const [first, last] = await burst("a burst");
  assert.match(first, /at callerOfFails/, "the first call's site");
  assert.not.match(first, /call site not recorded/);
  assert.not.match(last, /at callerOfFails/, "the last call's site was not recorded");
  assert.match(last, /call site not recorded: .*configure\(\{ callSites: "all" \}\)/, "and its stack says so, and how");
  assert.match(last, /tamed cluster worker /, "under the boundary frame");
  configure({ callSites: "all" });
  try {
    const [, lastOfAll] = await burst('a burst with callSites: "all"');
    assert.match(lastOfAll, /at callerOfFails/);
  } finally {
    configure({ callSites: true });
  }
});

test("a cluster worker started in this process leaves the process's callSites as they were: its own cluster calls still record their sites", async () => {
  const { fails, TooBig } = ctx.tasks;
  const worker = startClusterWorker({ connection: ctx.redis.url, dir: ctx.out, queue: "in-process" });
  let cluster;
  try {
    cluster = bullmq({ connection: ctx.redis.url, queue: "in-process", pollMs: 300 });
    await within(20_000, worker.ready, "the in-process worker");
    const r = await within(20_000, outcome(cluster.bind(fails)(11)), "the call to the in-process worker");
    assert.instance(r.error, TooBig);
    assert.match(r.error.stack, /src\/tasks\.ts:\d+/, "the worker's frames");
    assert.match(r.error.stack, /cluster\.test\.mjs/, "the caller's frames");
  } finally {
    await Promise.allSettled([cluster?.close(), within(20_000, worker.stop(), "the in-process worker's stop")]);
  }
});

test("wait() from sync code blocks until the cluster call is done (a helper thread watches its job), also right after the call and at a sync scope's exit", () => {
  const { add, fails, nap, TooBig } = ctx.tasks;
  const remoteAdd = ctx.cluster.bind(add);
  // Right after the call: its job is not even in Redis yet (that add waits for this thread's event loop).
  assert.is(remoteAdd(1, 2).wait(), 3);
  assert.equal(
    [remoteAdd(3, 4), remoteAdd(5, 6)].map((t) => t.wait({ timeoutMs: 60_000 })),
    [7, 11],
  );
  assert.throws(
    () => ctx.cluster.bind(fails)(99).wait(),
    (e) => e instanceof TooBig,
  );
  // A timeout throws TimeoutError and does not cancel.
  const slow = ctx.cluster.bind(nap)(60_000);
  assert.throws(
    () => slow.wait({ timeoutMs: 300 }),
    (e) => e.name === "TimeoutError",
  );
  assert.is(slow.status === "pending" || slow.status === "running", true);
  slow.cancel();
  assert.throws(
    () => slow.wait({ timeoutMs: 60_000 }),
    (e) => e instanceof CancelledError,
  );
  // Leaving a sync scope blocks until its cluster tasks are done (what `using` does).
  const scope = new AsyncScope({ backend: ctx.cluster });
  const a = scope.spawn(add, 10, 1);
  const b = scope.spawn(add, 20, 2);
  scope[Symbol.dispose]();
  assert.equal([a.status, b.status, a.value, b.value], ["success", "success", 11, 22]);
});

test("wait() on what hangs on a cluster call (a continueWith chain, awaitAll) blocks until it is done, never WouldDeadlockError", () => {
  // Found by the property test on the cluster (seed 1111199465): a chain's wait() had only
  // the local pool to move it, which had nothing in flight, so it threw WouldDeadlockError.
  const { add, fails, TooBig } = ctx.tasks;
  const remoteAdd = ctx.cluster.bind(add);
  assert.is(
    remoteAdd(1, 2)
      .continueWith((t) => t.value * 10)
      .continueWith((t) => t.value + 1)
      .wait({ timeoutMs: 30_000 }),
    31,
  );
  assert.equal(awaitAll([remoteAdd(1, 1), remoteAdd(2, 2)]).wait({ timeoutMs: 30_000 }), [2, 4]);
  const failed = ctx.cluster
    .bind(fails)(99)
    .continueWith((t) => t.value);
  assert.throws(
    () => failed.wait({ timeoutMs: 30_000 }),
    (e) => e instanceof TooBig,
  );
});

test("every call settles exactly once, also when the completion events are lost (the poll finds the outcome)", async () => {
  const { add } = ctx.tasks;
  // A second client trims the queue's events stream to nothing as fast as it can while the
  // batch runs: most "completed" events are gone before the caller's listener reads them.
  const trimmer = new Redis(ctx.redis.url);
  let trimming = true;
  let trims = 0;
  const trim = (async () => {
    while (trimming) {
      await trimmer.xtrim("bull:tamed:events", "MAXLEN", 0);
      trims++;
    }
  })();
  // A listener of its own counts the "completed" events that got through.
  const listener = new QueueEvents("tamed", { connection: { host: "127.0.0.1", port: ctx.redis.port } });
  await listener.waitUntilReady();
  let heard = 0;
  listener.on("completed", () => heard++);
  const N = 200;
  const settles = new Array(N).fill(0);
  const tasks = [];
  for (let i = 0; i < N; i++) {
    const t = ctx.executor.submit(add, i, 1);
    t.subscribe(
      () => settles[i]++,
      () => settles[i]++,
    );
    tasks.push(t);
  }
  let values;
  try {
    values = await within(120_000, Promise.all(tasks), "the batch");
  } finally {
    trimming = false;
    await trim;
    trimmer.disconnect();
    await listener.close();
  }
  assert.equal(
    values,
    tasks.map((_, i) => i + 1),
  );
  await sleep(1000); // a late event or poll that settled a task again would show here
  assert.equal(settles, new Array(N).fill(1), "each task's callbacks ran once");
  assert.ok(trims > 0);
  assert.ok(heard < N, `the trimming lost no event (${heard} of ${N} heard): the test did not test the poll`);
  console.log(`  · ${N} calls settled once each; a listener heard ${heard} of their ${N} "completed" events`);
});

test("a function not marked with makeAsync or tamed is refused at once by bind, idempotent and call (TypeError naming it)", () => {
  const plain = function double(x) {
    return 2 * x;
  };
  for (const refuse of [
    () => ctx.cluster.bind(plain),
    () => ctx.cluster.idempotent(plain),
    () => ctx.cluster.call(plain, [1]),
  ])
    assert.throws(refuse, (e) => e instanceof TypeError && /makeAsync or tamed.*double is not one/.test(e.message));
});

test("semantics that do not carry are refused at the call with ClusterUnsupportedError: transfer(), SharedArrayBuffer; what cannot be copied fails with DataCloneError", async () => {
  const { add } = ctx.tasks;
  const r = await within(20_000, outcome(ctx.executor.submit(add, 1, { f() {} })), "an argument that cannot be copied");
  assert.is(r.error?.name, "DataCloneError");
  assert.is(r.error.position, 1);
  try {
    ctx.executor.submit(add, transfer(new Uint8Array(4)), 1);
    assert.unreachable("transfer() was accepted");
  } catch (e) {
    assert.instance(e, ClusterUnsupportedError);
    assert.is(e.position, 0);
    assert.match(e.message, /transfer\(\)/);
  }
  try {
    ctx.executor.submit(add, 1, new Int32Array(new SharedArrayBuffer(8)));
    assert.unreachable("a SharedArrayBuffer was accepted");
  } catch (e) {
    assert.instance(e, ClusterUnsupportedError);
    assert.is(e.position, 1);
    assert.match(e.message, /SharedArrayBuffer/);
  }
});

test("cancel: a queued job never runs; running jobs stop through checkpoint() and taskSignal()", async () => {
  const { marked, nap } = ctx.tasks;
  const file = tagFile("cancel");
  // Both workers (one job each) busy: the third call waits in the queue.
  const busy = [ctx.executor.submit(marked, file, "busy", 60_000), ctx.executor.submit(nap, 60_000)];
  await until("both workers busy", 30_000, () => tags(file).length === 1 && busy.every((t) => t.status === "running"));
  const queued = ctx.executor.submit(marked, file, "queued", 10);
  assert.is(queued.status, "pending");
  assert.ok(queued.cancel("not needed"));
  const q = await within(20_000, outcome(queued), "the queued call's cancel");
  assert.instance(q.error, CancelledError);
  assert.is(queued.status, "cancelled");

  const t0 = Date.now();
  for (const t of busy) t.cancel("stop");
  const ended = await within(30_000, Promise.all(busy.map(outcome)), "the running calls' cancel");
  for (const r of ended) assert.instance(r.error, CancelledError);
  assert.equal(
    busy.map((t) => t.status),
    ["cancelled", "cancelled"],
  );
  const ms = Date.now() - t0;
  // The workers are free again, and the queued call's job was never run by either.
  assert.is(await within(20_000, ctx.executor.submit(marked, file, "after", 0), "a call after"), "after");
  await sleep(500);
  assert.equal(tags(file), ["busy", "after"]);
  console.log(`  · cancel of running cluster calls settled in ${ms} ms`);
});

test("a cancel whose pub/sub message the worker process missed (its subscriber was reconnecting) still stops the running call", async () => {
  // Redis pub/sub delivers at most once: a message published while a subscriber is
  // disconnected is gone. The worker also reads the cancel mark of the jobs it runs.
  const { marked } = ctx.tasks;
  const file = tagFile("missed");
  const w = await extraWorker("missed");
  const cluster = bullmq({ connection: ctx.redis.url, queue: "missed", pollMs: 300 });
  const admin = new Redis(ctx.redis.url);
  try {
    const t = cluster.bind(marked)(file, "long", 60_000);
    await until("the job began", 30_000, () => tags(file).length === 1 && t.status === "running");
    // The worker process stopped, its subscriber's connection cut (the others' too: they
    // reconnect), and the cancel published while it cannot subscribe again.
    process.kill(w.pid, "SIGSTOP");
    await admin.client("KILL", "TYPE", "pubsub");
    assert.ok(t.cancel("stop"));
    await sleep(300); // the cancel's script has run
    process.kill(w.pid, "SIGCONT");
    const r = await within(10_000, outcome(t), "the cancelled call");
    assert.instance(r.error, CancelledError);
    assert.is(t.status, "cancelled");
    assert.match(w.output(), /cancel read from its mark/);
  } finally {
    process.kill(w.pid, "SIGCONT");
    admin.disconnect();
    await cluster.close();
  }
});

test("a cancel() in the same tick as the call: its job never runs on any worker, and the call settles cancelled, also when a wait() follows", async () => {
  // Found by the property test on the cluster (seed 1576800642): the job was added to
  // Redis at once, and an idle worker took it before the caller's cancel key was there.
  const { marked } = ctx.tasks;
  const file = tagFile("same-tick");
  const calls = [];
  for (let i = 0; i < 20; i++) {
    const t = ctx.executor.submit(marked, file, `call ${i}`, 0);
    assert.ok(t.cancel("at once"), "cancel() of a call not yet sent gives true");
    calls.push(t);
    await sleep(30); // the workers idle again, ready to take the next job at once
  }
  const ended = await within(30_000, Promise.all(calls.map(outcome)), "the cancelled calls");
  for (const r of ended) assert.instance(r.error, CancelledError);
  assert.equal(
    calls.map((t) => t.status),
    new Array(20).fill("cancelled"),
  );
  // The same with a wait() after the cancel (found by the property test, seed 410946730:
  // the wait handed the cancelled call to the waiter thread, which added its job, and a
  // worker ran it before the cancel key was there).
  for (let i = 0; i < 20; i++) {
    const t = ctx.executor.submit(marked, file, `waited ${i}`, 0);
    assert.ok(t.cancel("at once"));
    assert.throws(
      () => t.wait({ timeoutMs: 30_000 }),
      (e) => e instanceof CancelledError,
    );
    await sleep(30);
  }
  await sleep(500);
  assert.equal(tags(file), [], "no cancelled call ran");
});

test("a cancel() while an idle worker takes the job: the call settles cancelled, never with the value of a run the cancel missed", async () => {
  // A cancel that finds the job queued marks it, and the worker that takes it does not
  // run it; one that finds it taken is published, possibly before the worker's processor
  // has registered the job, which must then still stop it (cancel.ts, worker.ts).
  const { marked } = ctx.tasks;
  const file = tagFile("taking");
  const results = [];
  const fromWorker = new Set(); // settled by a worker's outcome: it may have begun
  for (let i = 0; i < 40; i++) {
    const t = ctx.executor.submit(marked, file, `call ${i}`, 3000);
    await sleep(i % 8); // sent, and being taken by an idle worker, or already running
    const t0 = Date.now();
    assert.ok(t.cancel("now"));
    const r = await within(30_000, outcome(t), "the cancelled call");
    results.push(r.ok ? `value after ${Date.now() - t0} ms` : r.error.name);
    if (t.worker !== undefined) fromWorker.add(`call ${i}`);
    await sleep(30); // the workers idle again
  }
  assert.equal(results, new Array(40).fill("CancelledError"));
  await sleep(500);
  // A call settled at once (its job found queued) never began on any worker.
  assert.equal(
    tags(file).filter((tag) => !fromWorker.has(tag)),
    [],
  );
});

test("a cancel() just before a wait() settles the call cancelled, never JobLostError (its job was removed by the cancel, not lost)", () => {
  // Found by the property test on the cluster (seed 243944180: a sync scope cancelling a
  // task as it was spawned, then waiting on it): the waiter thread's cancel removed the
  // job, its watch found the job gone, and the call failed with JobLostError.
  const { nap } = ctx.tasks;
  const remoteNap = ctx.cluster.bind(nap);
  const seen = [];
  for (let i = 0; i < 20; i++) {
    const t = remoteNap(60_000);
    if (i % 2 === 1)
      assert.throws(
        () => t.wait({ timeoutMs: 0 }),
        (e) => e.name === "TimeoutError",
      ); // its job handed to the waiter thread first
    assert.ok(t.cancel("not needed"));
    try {
      t.wait({ timeoutMs: 30_000 });
      seen.push("value");
    } catch (e) {
      seen.push(e.name);
    }
  }
  assert.equal(seen, new Array(20).fill("CancelledError"));
});

test("a worker process SIGKILLed mid-job: WorkerLostError within heartbeat TTL + poll, and the call is not run again", async () => {
  const { marked, add } = ctx.tasks;
  const file = tagFile("kill");
  const extra = await extraWorker("kill");
  const cluster = bullmq({ connection: ctx.redis.url, queue: "kill", pollMs: 1000 });
  try {
    const t = cluster.bind(marked)(file, "doomed", 120_000);
    await until("the job began", 30_000, () => tags(file).length === 1);
    const t0 = Date.now();
    await extra.stop("SIGKILL");
    const r = await within(60_000, outcome(t), "the lost call");
    const ms = Date.now() - t0;
    assert.instance(r.error, WorkerLostError);
    assert.is(r.error.worker, extra.name);
    assert.is(t.status, "failure");
    // Documented bound: the heartbeat TTL (5 s) plus the poll interval (1 s), with room for a loaded machine.
    assert.ok(ms < 30_000, `${ms} ms`);
    console.log(`  · a SIGKILLed worker's call failed after ${ms} ms (bound: 5 s TTL + 1 s poll)`);

    // A new worker on that queue runs BullMQ's stalled check at start: the job is not run again.
    const next = await extraWorker("kill");
    assert.is(await within(30_000, cluster.bind(add)(1, 2), "a call on the new worker"), 3);
    await sleep(1500);
    assert.equal(tags(file), ["doomed"]);
  } finally {
    await cluster.close();
  }
});

test("retries opted in for an idempotent function: a call whose worker process is SIGKILLed mid-job runs again on another worker", async () => {
  const { marked } = ctx.tasks;
  const file = tagFile("retry");
  const first = await extraWorker("retry");
  const cluster = bullmq({ connection: ctx.redis.url, queue: "retry", pollMs: 1000 });
  try {
    assert.throws(() => cluster.bind(marked, { retries: -1 }), /retries.*non-negative whole number.*-1/);
    assert.throws(() => cluster.idempotent(marked, { retries: 1.5 }), /retries.*non-negative whole number.*1\.5/);
    const t = cluster.bind(marked, { retries: 1 })(file, "again", 3000);
    await until("the job began", 30_000, () => tags(file).length === 1);
    await first.stop("SIGKILL");
    const second = await extraWorker("retry");
    assert.is(await within(60_000, t, "the retried call"), "again");
    assert.is(t.worker, second.name, "the value is the second run's");
    assert.equal(tags(file), ["again", "again"]);
  } finally {
    await cluster.close();
  }
});

test("retries run out: the call fails with the last WorkerLostError, after one run per try", async () => {
  const { marked } = ctx.tasks;
  const file = tagFile("retry-out");
  const cluster = bullmq({ connection: ctx.redis.url, queue: "retry-out", pollMs: 1000 });
  cluster.idempotent(marked, { retries: 1 }); // every call of `marked` through this backend, an executor's too
  const executor = new AsyncExecutor({ backend: cluster });
  try {
    const start = () => extraWorker("retry-out");
    const first = await start();
    const t = executor.submit(marked, file, "twice", 120_000);
    await until("the job began", 30_000, () => tags(file).length === 1);
    await first.stop("SIGKILL");
    const second = await start();
    await until("the job began again", 60_000, () => tags(file).length === 2);
    await second.stop("SIGKILL");
    const r = await within(60_000, outcome(t), "the call after its second loss");
    assert.instance(r.error, WorkerLostError);
    assert.is(r.error.worker, second.name);
    assert.is(r.error.tries, 2);
    assert.match(r.error.message, /its 2 tries were each lost/);
    assert.is(t.status, "failure");
    assert.equal(tags(file), ["twice", "twice"]);
  } finally {
    executor.shutdown({ wait: false, cancelFutures: true });
    await cluster.close();
  }
});

test("a retried call whose first run finishes after all (its worker process was stopped, not dead) settles with that run's value, and the retry's job is withdrawn", async () => {
  const { marked } = ctx.tasks;
  const file = tagFile("late");
  const w = await extraWorker("late");
  const cluster = bullmq({ connection: ctx.redis.url, queue: "late", pollMs: 300 });
  const queue = new Queue("late", { connection: { host: "127.0.0.1", port: ctx.redis.port } });
  try {
    const t = cluster.bind(marked, { retries: 1 })(file, "late", 3000);
    await until("the job began", 30_000, () => tags(file).length === 1);
    await stopUntilRetried(w, queue);
    assert.is(t.status, "pending", "the retry is queued");
    process.kill(w.pid, "SIGCONT"); // the first run finishes, and the worker may take the retry's job next
    const r = await within(60_000, outcome(t), "the call after its worker resumed");
    assert.is(r.value, "late");
    assert.is(t.worker, w.name);
    assert.equal(
      await endedKinds(queue, 2, 30_000),
      [OK, CANCELLED],
      "one run's value, the retry's job cancelled (not run to its end)",
    );
  } finally {
    process.kill(w.pid, "SIGCONT");
    await queue.close();
    await cluster.close();
  }
});

test("a cancel of a retried call also stops its first run, still running on a worker process that was stopped (not left to run to its end)", async () => {
  const { marked } = ctx.tasks;
  const file = tagFile("cancel-late");
  const w = await extraWorker("cancel-late");
  const cluster = bullmq({ connection: ctx.redis.url, queue: "cancel-late", pollMs: 300 });
  const queue = new Queue("cancel-late", { connection: { host: "127.0.0.1", port: ctx.redis.port } });
  try {
    // Long enough that it cannot end while its worker is stopped, however slow the machine.
    const t = cluster.bind(marked, { retries: 1 })(file, "first", 120_000);
    await until("the job began", 30_000, () => tags(file).length === 1);
    await stopUntilRetried(w, queue);
    t.cancel("no longer wanted");
    const r = await within(10_000, outcome(t), "the cancelled call");
    assert.instance(r.error, CancelledError);
    process.kill(w.pid, "SIGCONT");
    assert.equal(
      await endedKinds(queue, 2, 15_000),
      [CANCELLED, CANCELLED],
      `the first run cancelled as it ran, the retry never run\n${workerLogs()}`,
    );
    assert.equal(tags(file), ["first"]);
  } finally {
    process.kill(w.pid, "SIGCONT");
    await queue.close();
    await cluster.close();
  }
});

test("a wait() blocked on an idempotent call follows its retry to the next worker", async () => {
  const { marked } = ctx.tasks;
  const file = tagFile("retry-wait");
  const first = await extraWorker("retry-wait");
  // Started now, but stopped until the first has the job: started after it, on a loaded
  // machine, the first run could end before it was ready.
  const second = await extraWorker("retry-wait");
  process.kill(second.pid, "SIGSTOP");
  const cluster = bullmq({ connection: ctx.redis.url, queue: "retry-wait", pollMs: 1000 });
  try {
    const t = cluster.bind(marked, { retries: 2 })(file, "waited", 2000);
    await until("the job began", 30_000, () => tags(file).length === 1);
    await first.stop("SIGKILL");
    process.kill(second.pid, "SIGCONT");
    // This thread's event loop stands still from here: the waiter thread sees the loss, and the retry.
    assert.is(t.wait({ timeoutMs: 60_000 }), "waited");
    assert.is(t.worker, second.name);
    assert.equal(tags(file), ["waited", "waited"]);
  } finally {
    await cluster.close();
  }
});

test("a wait() blocked on a retried call settles with its first run's value when that run finishes late (its worker process was stopped, not dead), and the retry's job is withdrawn", async () => {
  const { marked } = ctx.tasks;
  const file = tagFile("late-wait");
  const w = await extraWorker("late-wait");
  const cluster = bullmq({ connection: ctx.redis.url, queue: "late-wait", pollMs: 300 });
  const queue = new Queue("late-wait", { connection: { host: "127.0.0.1", port: ctx.redis.port } });
  let resumer;
  try {
    const t = cluster.bind(marked, { retries: 1 })(file, "late", 3000);
    await until("the job began", 30_000, () => tags(file).length === 1);
    await stopUntilRetried(w, queue);
    assert.is(t.status, "pending", "the retry is queued");
    // The worker process resumes while this thread is blocked in wait() (its event loop stands
    // still): its first run then finishes at once, and it may take the retry's job next.
    resumer = new Worker(
      `const { workerData: w } = require("node:worker_threads"); setTimeout(() => process.kill(w.pid, "SIGCONT"), 1000);`,
      { eval: true, workerData: { pid: w.pid } },
    );
    assert.is(t.wait({ timeoutMs: 60_000 }), "late");
    assert.is(t.worker, w.name);
    assert.equal(
      await endedKinds(queue, 2, 30_000),
      [OK, CANCELLED],
      "the first run's value, the retry's job cancelled (not run to its end)",
    );
  } finally {
    process.kill(w.pid, "SIGCONT");
    await resumer?.terminate();
    await queue.close();
    await cluster.close();
  }
});

/** One call of `marked` through `cluster` to a worker of another build: its tag file and outcome. */
async function skewedCall(cluster, name) {
  const file = tagFile(name);
  const r = await within(20_000, outcome(cluster.bind(ctx.tasks.marked)(file, "skewed", 0)), "the skewed call");
  return { file, r };
}

test("build skew: a worker of another build does not run the call (BuildMismatchError)", async () => {
  // Another build: the same output with one worker module changed.
  const other = join(scratch, "other-build");
  cpSync(ctx.out, other, { recursive: true });
  const mod = readdirSync(join(other, "__tamed__")).find((f) => f.endsWith(".add.mjs"));
  appendFileSync(join(other, "__tamed__", mod), "\n// changed\n");
  const w = await startWorker({ redis: ctx.redis.url, dir: other, queue: "skew" });
  (ctx.extra ??= []).push(w);
  const cluster = bullmq({ connection: ctx.redis.url, queue: "skew", pollMs: 300 });
  try {
    const { file, r } = await skewedCall(cluster, "skew");
    assert.instance(r.error, BuildMismatchError);
    assert.is(r.error.fn, "marked");
    assert.is.not(r.error.callerBuild, r.error.workerBuild);
    assert.equal(tags(file), [], "not run");
  } finally {
    await cluster.close();
  }
});

test("build skew: a worker of an older tamed, before the wire had a version, refuses the call and is named in the BuildMismatchError", async () => {
  // What such a worker answers a job whose build id is not its own: its skew, packed,
  // with where it ran as an object (a BullMQ Worker in this process plays it).
  const connection = new Redis(ctx.redis.url, { maxRetriesPerRequest: null });
  const old = new BullWorker(
    "older",
    async () =>
      serialize([3, "0123456789abcdef", { worker: "old-host:1:abc", threadId: undefined }]).toString("base64"),
    { connection },
  );
  const cluster = bullmq({ connection: ctx.redis.url, queue: "older", pollMs: 300 });
  try {
    const { r } = await skewedCall(cluster, "older");
    assert.instance(r.error, BuildMismatchError);
    assert.is(r.error.workerBuild, "0123456789abcdef");
    assert.match(r.error.callerBuild, /^[0-9a-f]{16}\.\d+$/);
    assert.match(r.error.message, /cluster worker process old-host:1:abc, which runs build 0123456789abcdef/);
  } finally {
    await cluster.close();
    await old.close();
    connection.disconnect();
  }
});

test("a build output missing a worker module its manifest lists: `tamed worker` exits 2 (it could not start) with one line naming the file and the fix", () => {
  const torn = join(scratch, "torn-build");
  cpSync(ctx.out, torn, { recursive: true });
  const mod = readdirSync(join(torn, "__tamed__")).find((f) => f.endsWith(".add.mjs"));
  rmSync(join(torn, "__tamed__", mod));
  const r = spawnSync(process.execPath, [CLI, "worker", "--redis", ctx.redis.url, "--dir", torn], {
    encoding: "utf8",
    timeout: 30_000,
  });
  assert.is(r.status, 2, r.stderr);
  assert.match(
    r.stderr,
    new RegExp(`__tamed__/${mod.replaceAll(".", "\\.")}, listed in .*manifest\\.json, cannot be read`),
  );
  assert.match(r.stderr, /build again/);
  assert.not.match(r.stderr, /\n\s+at /, "no stack trace");
});

test("SIGTERM: the worker process finishes the job it holds, then exits 0", async () => {
  const { marked } = ctx.tasks;
  const file = tagFile("term");
  const w = await startWorker({ redis: ctx.redis.url, dir: ctx.out, queue: "term" });
  const cluster = bullmq({ connection: ctx.redis.url, queue: "term", pollMs: 300 });
  try {
    const t = cluster.bind(marked)(file, "held", 1500);
    await until("the job began", 30_000, () => tags(file).length === 1);
    const exit = w.stop("SIGTERM");
    assert.is(await within(30_000, t, "the held call"), "held");
    assert.equal(await within(30_000, exit, "the worker's exit"), { code: 0, signal: null });
  } finally {
    await cluster.close();
  }
});

test("a second SIGTERM while a job runs stops the worker at once: it says how many jobs it lets go, exits 143, and has deleted its heartbeat key, so their caller gets WorkerLostError without waiting for its TTL", async () => {
  const { marked } = ctx.tasks;
  const file = tagFile("twice");
  const w = await startWorker({ redis: ctx.redis.url, dir: ctx.out, queue: "twice" });
  const cluster = bullmq({ connection: ctx.redis.url, queue: "twice", pollMs: 300 });
  const redis = new Redis(ctx.redis.url, { maxRetriesPerRequest: null });
  try {
    const t = outcome(cluster.bind(marked)(file, "long", 60_000));
    await until("the job began", 30_000, () => tags(file).length === 1);
    const exit = w.stop("SIGTERM");
    await until("it said it finishes the job", 10_000, () => /SIGTERM, finishing/.test(w.output()));
    process.kill(w.pid, "SIGTERM");
    assert.equal(await within(5_000, exit, `the exit after a second SIGTERM\n${w.output()}`), {
      code: 143,
      signal: null,
    });
    assert.match(w.output(), /SIGTERM again, stopping now: the 1 job it holds is let go/);
    assert.is(await redis.exists(`bull:twice:tamed:alive:${w.name}`), 0, "its heartbeat key");
    const r = await within(10_000, t, "the call whose worker stopped");
    assert.instance(r.error, WorkerLostError);
  } finally {
    await cluster.close();
    redis.disconnect();
  }
});

test("SIGTERM while Redis cannot be reached, before the worker was ever ready: it says so, and exits 0 at once (it holds no job)", async () => {
  const url = `redis://127.0.0.1:${await freePort()}`; // nothing listens there
  const child = spawn(process.execPath, [CLI, "worker", "--redis", url, "--dir", ctx.out], { stdio: "pipe" });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  const exited = new Promise((r) => child.once("exit", (code, signal) => r({ code, signal })));
  try {
    await until("it said Redis cannot be reached", 20_000, () => /cannot reach Redis/.test(out));
    assert.match(out, new RegExp(url.replaceAll(".", "\\.")), "names the address");
    child.kill("SIGTERM");
    assert.equal(await within(10_000, exited, `the exit after SIGTERM\n${out}`), { code: 0, signal: null });
  } finally {
    child.kill("SIGKILL");
  }
});

/**
 * A redis-server of its own and a `tamed worker` of the fixture's build on `queue`, for a
 * test that stops, freezes or restarts that Redis: `body(redis, w)` runs, then what is
 * left of both is stopped (Redis thawed first, if the test froze it).
 */
async function withOwnRedis(queue, body) {
  const redis = await startRedis();
  const w = await startWorker({ redis: redis.url, dir: ctx.out, queue });
  try {
    await body(redis, w);
  } finally {
    try {
      process.kill(redis.pid, "SIGCONT");
    } catch {
      // already stopped by the test
    }
    await w.stop("SIGKILL");
    await redis.stop();
  }
}

test("SIGTERM after Redis went away (the worker was ready, and holds no job): it exits 0 within seconds", () =>
  withOwnRedis("away", async (redis, w) => {
    await redis.stop();
    await sleep(500); // its connections have seen Redis go and reconnect
    assert.equal(await within(10_000, w.stop("SIGTERM"), `the exit after SIGTERM\n${w.output()}`), {
      code: 0,
      signal: null,
    });
  }));

test("SIGTERM after Redis went away while a job runs: the job runs to its end there first, then the process exits 0", () =>
  withOwnRedis("away-held", async (redis, w) => {
    const { marked } = ctx.tasks;
    const cluster = bullmq({ connection: redis.url, queue: "away-held", pollMs: 300 });
    const file = tagFile("away-held");
    try {
      const t = cluster.bind(marked)(file, "held", 4000);
      t.catch(() => {}); // its result cannot be stored: the caller's outcome is not what this test is about
      await until("the job began", 30_000, () => tags(file).length === 1);
      const began = Date.now();
      await redis.stop();
      const exit = w.stop("SIGTERM");
      assert.equal(await within(15_000, exit, `the exit after SIGTERM\n${w.output()}`), { code: 0, signal: null });
      assert.ok(Date.now() - began >= 3500, `exited ${Date.now() - began} ms after the 4 s job began`);
    } finally {
      await cluster.close();
    }
  }));

test("SIGTERM while Redis is away, and Redis back before the worker has stopped: it exits 0 all the same", () =>
  withOwnRedis("back", async (redis, w) => {
    process.kill(redis.pid, "SIGKILL");
    await sleep(1500);
    const exit = w.stop("SIGTERM");
    await sleep(300);
    await redis.restart(); // the same port: its connections reconnect while it stops
    assert.equal(await within(15_000, exit, `the exit after SIGTERM\n${w.output()}`), { code: 0, signal: null });
  }));

test("SIGTERM while Redis is frozen (its connections open, no answer): the worker exits 0 within seconds", () =>
  withOwnRedis("frozen", async (redis, w) => {
    process.kill(redis.pid, "SIGSTOP");
    assert.equal(await within(15_000, w.stop("SIGTERM"), `the exit after SIGTERM\n${w.output()}`), {
      code: 0,
      signal: null,
    });
  }));

test("a third SIGTERM ends the worker at once, while its second waits for a frozen Redis to delete the heartbeat key", () =>
  withOwnRedis("third", async (redis, w) => {
    const { marked } = ctx.tasks;
    const file = tagFile("third");
    const cluster = bullmq({ connection: redis.url, queue: "third", pollMs: 300 });
    try {
      void outcome(cluster.bind(marked)(file, "long", 60_000));
      await until("the job began", 30_000, () => tags(file).length === 1);
      process.kill(redis.pid, "SIGSTOP");
      const exit = w.stop("SIGTERM");
      await until("it said it finishes the job", 10_000, () => /SIGTERM, finishing/.test(w.output()));
      process.kill(w.pid, "SIGTERM");
      await sleep(100); // two signals at once are one to the kernel
      process.kill(w.pid, "SIGTERM");
      // The second's wait for Redis is up to 2 s: the third does not wait for it.
      assert.equal(await within(1_000, exit, `the exit after a third SIGTERM\n${w.output()}`), {
        code: 143,
        signal: null,
      });
    } finally {
      process.kill(redis.pid, "SIGCONT"); // before close(), whose commands a frozen Redis would hold
      await cluster.close();
    }
  }));

test("a password Redis refuses: `tamed worker` exits 2 at once, saying so, and never prints the password", async () => {
  const redis = await startRedis({ password: "right-pw-0815" });
  try {
    const url = `redis://:bad-pw-4711@127.0.0.1:${redis.port}`;
    const r = spawnSync(process.execPath, [CLI, "worker", "--redis", url, "--dir", ctx.out], {
      encoding: "utf8",
      timeout: 20_000,
    });
    assert.is(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /could not start: Redis answered WRONGPASS/);
    assert.not.ok((r.stdout + r.stderr).includes("bad-pw-4711"), r.stdout + r.stderr);
  } finally {
    await redis.stop();
  }
});

test("a worker flag given without its value (`--prefix` last): exit 2, naming it, not the default served in silence", () => {
  const r = spawnSync(process.execPath, [CLI, "worker", "--redis", ctx.redis.url, "--dir", ctx.out, "--prefix"], {
    encoding: "utf8",
    timeout: 20_000,
  });
  assert.is(r.status, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /`--prefix` needs a value/);
});

test("`tamed worker --prefix` serves callers whose backend names the same BullMQ prefix", async () => {
  const { add } = ctx.tasks;
  const w = await startWorker({ redis: ctx.redis.url, dir: ctx.out, queue: "prefixed", prefix: "custom" });
  (ctx.extra ??= []).push(w);
  const cluster = bullmq({ connection: ctx.redis.url, queue: "prefixed", prefix: "custom", pollMs: 300 });
  try {
    const t = cluster.bind(add)(2, 3);
    assert.is(await within(20_000, t, "the call under prefix custom"), 5);
    assert.is(t.worker, w.name);
    // Under that prefix in Redis, not BullMQ's default "bull".
    const redis = new Redis(ctx.redis.url);
    try {
      assert.ok((await redis.keys("custom:prefixed:*")).length > 0, "keys under custom:prefixed");
      assert.equal(await redis.keys("bull:prefixed:*"), [], "no keys under bull:prefixed");
    } finally {
      redis.disconnect();
    }
  } finally {
    await cluster.close();
    await w.stop();
  }
});

test("close() returns while Redis is away (its connections reconnecting), and a call after it is refused", async () => {
  const { add } = ctx.tasks;
  const redis = await startRedis();
  const cluster = bullmq({ connection: redis.url, pollMs: 300 });
  try {
    const t = cluster.bind(add)(1, 2); // connects; no worker: the job waits
    await until("the job is in Redis", 20_000, () => t.status === "pending");
    await sleep(500);
  } finally {
    await redis.stop();
  }
  await sleep(300); // its clients see the connection drop and start reconnecting
  const first = cluster.close();
  let closed = false;
  void first.then(() => (closed = true));
  await within(10_000, cluster.close(), "a second close() with Redis away");
  assert.ok(closed, "a second close() resolves once the first has closed the connections, not before");
  assert.throws(() => cluster.bind(add)(1, 2), /call after close\(\)/);
});

test("Redis restarted without persistence while a wait() blocks on a queued call: JobLostError, and the lost job is not added again", async () => {
  const { add } = ctx.tasks;
  // Redis lives on another thread of this process: this one is blocked in wait() while it restarts.
  const owner = new Worker(new URL("./redis-thread.mjs", import.meta.url));
  const reply = (key) => new Promise((r) => owner.on("message", (m) => m[key] !== undefined && r(m)));
  const { url } = await within(30_000, reply("url"), "redis-server on a worker thread");
  const cluster = bullmq({ connection: url, pollMs: 300 });
  // It reconnects after the restart by itself (its commands wait meanwhile).
  const look = new Redis(url, { maxRetriesPerRequest: null });
  try {
    const t = cluster.bind(add)(1, 2); // no worker on this Redis: the job waits in its queue
    // Its job added: the first call opens the queue's connections before it, which can take
    // more than a moment on a loaded machine (a job added after the restart is not lost).
    const end = Date.now() + 20_000;
    while ((await look.llen("bull:tamed:wait")) === 0) {
      if (Date.now() > end) throw new Error("the job was not in Redis within 20 s");
      await sleep(20);
    }
    // The caller's own reply to that add, which may come in the same turn, read.
    await new Promise((r) => setImmediate(r));
    owner.postMessage({ restartIn: 1000 });
    let thrown;
    try {
      t.wait({ timeoutMs: 20_000 });
    } catch (e) {
      thrown = e;
    }
    assert.instance(thrown, JobLostError, String(thrown));
    await sleep(300); // this thread's Redis clients reconnect meanwhile (BullMQ writes its queue's meta key again)
    const keys = await within(10_000, look.keys("*"), "keys");
    assert.equal(
      keys.filter((k) => k !== "bull:tamed:meta"),
      [],
      "nothing was added again after the restart",
    );
  } finally {
    look.disconnect();
    await cluster.close();
    const stopped = reply("stopped");
    owner.postMessage({ stop: true });
    await within(30_000, stopped, "redis-server stopped");
    await owner.terminate();
  }
});

test("Redis restarted without persistence: calls made right after it on live worker processes run, and none is taken for lost (their heartbeat keys went with the data)", async () => {
  const { marked } = ctx.tasks;
  const redis = await startRedis();
  const workers = [];
  const cluster = bullmq({ connection: redis.url, pollMs: 100 });
  try {
    for (let i = 0; i < 2; i++) workers.push(await startWorker({ redis: redis.url, dir: ctx.out }));
    await within(20_000, cluster.bind(marked)(tagFile("restart-warm"), "warm", 0), "a call before the restart");
    await redis.restart();
    const file = tagFile("restart-live");
    const calls = [];
    for (let i = 0; i < 20; i++) {
      calls.push(outcome(cluster.bind(marked)(file, `c${i}`, 400)));
      await sleep(25);
    }
    const ended = await within(60_000, Promise.all(calls), "the calls after the restart");
    assert.equal(
      ended.map((r) => (r.ok ? r.value : r.error.name)),
      calls.map((_, i) => `c${i}`),
    );
  } finally {
    await cluster.close();
    for (const w of workers) await w.stop("SIGKILL");
    await redis.stop();
  }
});

test("Redis restarted: without persistence, queued calls fail with JobLostError; with AOF, they run after it", async () => {
  const { add } = ctx.tasks;
  for (const persist of [false, true]) {
    const redis = await startRedis({ persist });
    const cluster = bullmq({ connection: redis.url, pollMs: 300 });
    let worker;
    try {
      // No worker yet: the calls wait in the queue while Redis restarts.
      const calls = [1, 2, 3].map((i) => cluster.bind(add)(i, 10));
      await until(
        "the jobs are in Redis",
        20_000,
        () => calls.every((t) => t.status === "pending") && existsSync(redis.dir),
      );
      await sleep(500);
      await redis.restart();
      if (persist) {
        worker = await startWorker({ redis: redis.url, dir: ctx.out });
        assert.equal(await within(60_000, Promise.all(calls), "the calls after a restart with AOF"), [11, 12, 13]);
      } else {
        const ended = await within(60_000, Promise.all(calls.map(outcome)), "the lost calls");
        for (const r of ended) assert.instance(r.error, JobLostError);
      }
    } finally {
      await cluster.close();
      await worker?.stop("SIGKILL");
      await redis.stop();
    }
  }
});

test.run();
