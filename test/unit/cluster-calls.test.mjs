// runtime/bullmq/calls.ts and poll.ts: how a cluster call settles from what is learnt of
// its job once that job is lost, run again (retries, for idempotent functions), or heard
// of late. These are the book's decisions alone, on real tasks, without Redis; the
// cluster suite (test/cluster) runs the same paths against a real Redis and real worker
// processes, where the races below cannot be placed on purpose.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Calls, newCall, retryOf } from "../../dist/runtime/bullmq/calls.js";
import { lookUp, lookUpRetired } from "../../dist/runtime/bullmq/poll.js";
import { Outbox } from "../../dist/runtime/bullmq/send.js";
import { RemoteTask } from "../../dist/runtime/bullmq/remote-task.js";
import { pack, OK, THREW, CANCELLED } from "../../dist/runtime/bullmq/wire.js";
import { CancelledError, JobLostError, WorkerLostError } from "../../dist/runtime/bundle.js";

const spec = { name: "work", url: "file:///nowhere/work.js", cpu: true };
const where = (worker) => [worker, 1];

/**
 * A book whose retries are made as the backend makes them (retryOf, then into the book),
 * recording what it was asked to do; `open` false is a closed backend, which sends nothing.
 */
function book({ open = true } = {}) {
  const retried = [];
  const withdrawn = [];
  const ended = [];
  const calls = new Calls({
    retry(lost) {
      if (!open) return false;
      const next = retryOf(lost, 100);
      next.task.requeued();
      calls.add(next);
      retried.push(next);
      return true;
    },
    withdraw(call) {
      withdrawn.push(call);
    },
    settled(call) {
      ended.push(call);
    },
  });
  return { calls, retried, withdrawn, ended };
}

function call(calls, retries) {
  const c = newCall(new RemoteTask(spec.name), spec, new Error(), 100, retries);
  c.job = { data: {}, opts: {} };
  calls.add(c);
  return c;
}

async function settled(task) {
  try {
    return { ok: true, value: await task };
  } catch (e) {
    return { ok: false, error: e };
  }
}

test("a retried call's first run that finishes after all (its worker was cut off, not dead) settles the task, and the retry's job is withdrawn", async () => {
  const { calls, retried, withdrawn } = book();
  const first = call(calls, 1);
  calls.lost(first, () => new WorkerLostError(spec.name, "w1", 5000, first.tries));
  assert.is(retried.length, 1);
  assert.is(first.task.status, "pending");
  calls.completed(first.id, pack([OK, 42, ...where("w1")]));
  assert.is(first.task.status, "success");
  const r = await settled(first.task);
  assert.equal(r, { ok: true, value: 42 });
  assert.is(first.task.worker, "w1");
  assert.equal(withdrawn, [retried[0]], "the retry's job is withdrawn");
  assert.is(calls.size, 0);
});

test("an error thrown by a retried call's first run settles the task as the retry's would, and every other run is withdrawn", async () => {
  const { calls, retried, withdrawn } = book();
  const first = call(calls, 2);
  calls.lost(first, () => new WorkerLostError(spec.name, "w1", 5000, 1));
  calls.lost(retried[0], () => new WorkerLostError(spec.name, "w2", 5000, 2));
  assert.is(retried.length, 2);
  const wire = { ctor: "RangeError", name: "RangeError", message: "too far", stack: "RangeError: too far" };
  calls.completed(first.id, pack([THREW, wire, ...where("w1")]));
  assert.is(first.task.status, "failure");
  const r = await settled(first.task);
  assert.instance(r.error, RangeError);
  assert.is(r.error.message, "too far");
  assert.equal(
    withdrawn,
    [retried[0], retried[1]],
    "every other run is withdrawn: the middle one and the latest retry",
  );
  assert.is(calls.size, 0);
});

test("a cancelled outcome of a retried call's first job decides nothing: its retry goes on", () => {
  const { calls, retried, withdrawn } = book();
  const first = call(calls, 1);
  calls.lost(first, () => new WorkerLostError(spec.name, "w1", 5000, 1));
  calls.completed(first.id, pack([CANCELLED, "stop", ...where("w1")]));
  assert.is(first.task.status, "pending");
  assert.is(calls.get(retried[0].id), retried[0]);
  assert.equal(withdrawn, []);
});

test("a cancelled call whose worker process is lost settles cancelled, also one opted into retries (never run again)", async () => {
  for (const retries of [0, 1]) {
    const { calls, retried } = book();
    const c = call(calls, retries);
    c.cancel = { reason: "enough" };
    calls.lost(c, () => new WorkerLostError(spec.name, "w1", 5000, 1));
    assert.is(c.task.status, "cancelled", `retries ${retries}`);
    const r = await settled(c.task);
    assert.instance(r.error, CancelledError, `retries ${retries}`);
    assert.is(retried.length, 0);
    assert.is(calls.size, 0);
  }
});

test("a lost call that cannot be sent again (its backend is closed) fails with the loss instead of reopening it, saying why it was not run again", async () => {
  const { calls, retried } = book({ open: false });
  const c = call(calls, 1);
  calls.lost(c, (closed) => new WorkerLostError(spec.name, "w1", 5000, 1, closed));
  assert.is(c.task.status, "failure");
  const r = await settled(c.task);
  assert.instance(r.error, WorkerLostError);
  assert.match(r.error.message, /not run again: its backend was closed/);
  assert.not.match(r.error.message, /opt it into retries/);
  const gone = new JobLostError(spec.name, "job-1", 1, true);
  assert.match(gone.message, /not run again: its backend was closed/);
  assert.is(retried.length, 0);
  assert.is(calls.size, 0);
});

test("the loss that ends a call whose retries are spent counts its tries and says how each ended, JobLostError too", async () => {
  const { calls, retried } = book();
  const first = call(calls, 1);
  calls.ended(first, null, null, null, null, null); // its job is gone from Redis
  assert.is(retried.length, 1);
  calls.lost(retried[0], () => new WorkerLostError(spec.name, "w2", 5000, retried[0].tries));
  const r = await settled(first.task);
  assert.instance(r.error, WorkerLostError);
  assert.is(r.error.tries, 2);
  assert.match(r.error.message, /2 tries/);
  assert.not.match(r.error.message, /each on a worker process that was lost/);
  assert.not.match(r.error.message, /opt it into retries/);

  const { calls: other } = book();
  const once = call(other, 0);
  other.ended(once, null, null, null, null, null);
  const gone = await settled(once.task);
  assert.instance(gone.error, JobLostError);
  assert.is(gone.error.tries, 1);
  const spent = new JobLostError(spec.name, "job-1", 3);
  assert.is(spent.tries, 3);
  assert.match(spent.message, /3 tries/);
});

test("a poll that read a call's job before the call was retried leaves the retry alone (it is not marked taken by the old job's worker)", async () => {
  const { calls, retried } = book();
  const first = call(calls, 1);
  first.added = true;
  let release;
  const read = new Promise((r) => (release = r));
  // A pipeline whose replies come once the test says so: the old job, taken by w1.
  const pipeline = () => {
    const rows = [];
    const p = {
      hmget() {
        rows.push([null, [String(Date.now()), null, "w1", null, null]]);
        return p;
      },
      exec: async () => (await read, rows),
    };
    return p;
  };
  const target = {
    queue: { name: "q", toKey: (id) => `bull:q:${id}` },
    redis: { pipeline: (cmds) => (cmds ? { exec: async () => cmds.map(() => [null, 1]) } : pipeline()) },
    prefix: "bull",
    pollMs: 100,
  };
  const polled = lookUp(calls, [first], target);
  calls.lost(first, () => new WorkerLostError(spec.name, "w1", 5000, 1)); // the waiter thread, meanwhile
  release();
  await polled;
  assert.is(retried[0].task.status, "pending", "the retry is queued, not running on the old job's worker");
  assert.is(retried[0].task.worker, undefined);
});

test("a retried call's first run that finished with no completion event heard is found by the poll: its value settles the task and the retry's job is withdrawn", async () => {
  const { calls, retried, withdrawn } = book();
  const first = call(calls, 1);
  calls.lost(first, () => new WorkerLostError(spec.name, "w1", 5000, 1));
  const due = calls.retiredDue(performance.now() + 1000, 100);
  assert.equal(
    due.map((c) => c.id),
    [first.id],
    "the earlier job is watched while its retry is out",
  );
  // Its hash, as the worker that was cut off left it once it finished: no event was heard.
  const rows = [[null, [String(Date.now()), String(Date.now()), pack([OK, 42, ...where("w1")])]]];
  const target = {
    queue: { name: "q", toKey: (id) => `bull:q:${id}` },
    redis: { pipeline: () => ({ hmget: () => {}, exec: async () => rows }) },
    prefix: "bull",
    pollMs: 100,
  };
  await lookUpRetired(calls, due, target);
  assert.is(first.task.status, "success");
  assert.equal(await settled(first.task), { ok: true, value: 42 });
  assert.equal(withdrawn, [retried[0]], "the retry's job is withdrawn");
  assert.equal(calls.retiredDue(performance.now() + 1000, 100), [], "nothing is watched once the task settled");
});

test("a retried call's first job that ended without a value (cancelled, failed as stalled, or gone) is no longer watched, and its retry goes on", async () => {
  for (const fields of [
    [String(Date.now()), String(Date.now()), pack([CANCELLED, "cancelled while it ran", ...where("w1")])],
    [String(Date.now()), String(Date.now()), null],
    [null, null, null],
  ]) {
    const { calls, retried, withdrawn } = book();
    const first = call(calls, 1);
    calls.lost(first, () => new WorkerLostError(spec.name, "w1", 5000, 1));
    const target = {
      queue: { name: "q", toKey: (id) => `bull:q:${id}` },
      redis: { pipeline: () => ({ hmget: () => {}, exec: async () => [[null, fields]] }) },
      prefix: "bull",
      pollMs: 100,
    };
    await lookUpRetired(calls, calls.retiredDue(performance.now() + 1000, 100), target);
    assert.is(first.task.status, "pending", "the retry decides");
    assert.equal(withdrawn, []);
    assert.is(calls.get(retried[0].id), retried[0]);
    assert.equal(calls.retiredDue(performance.now() + 1000, 100), [], "not looked at again");
  }
});

test("a retried call that settles otherwise (its retry's value, or a cancel) withdraws its earlier jobs still out: a cut-off first run is cancelled, not left to run to its end", async () => {
  for (const end of ["value", "cancel"]) {
    const { calls, retried, withdrawn } = book();
    const first = call(calls, 2);
    calls.lost(first, () => new WorkerLostError(spec.name, "w1", 5000, 1));
    calls.lost(retried[0], () => new WorkerLostError(spec.name, "w2", 5000, 2));
    const last = retried[1];
    if (end === "value") calls.completed(last.id, pack([OK, 7, ...where("w3")]));
    else calls.settle(last, () => last.task.cancelled("stop"));
    assert.is(first.task.status, end === "value" ? "success" : "cancelled");
    assert.equal(
      withdrawn.map((c) => c.id).sort(),
      [first.id, retried[0].id].sort(),
      `${end}: both earlier runs are withdrawn`,
    );
    assert.equal(calls.retiredDue(performance.now() + 1000, 100), [], "and no longer watched");
  }
});

test("what the waiter thread reads of a retried call's earlier job goes the late way: its worker gone or its run going on decides nothing; its value settles the task, withdraws the retry and ends the watch of every job of the call", async () => {
  const { calls, retried, withdrawn, ended } = book();
  const first = call(calls, 1);
  const other = call(calls, 1); // another call's earlier job, never confused with this one's
  calls.lost(first, () => new WorkerLostError(spec.name, "w1", 5000, 1));
  calls.lost(other, () => new WorkerLostError(spec.name, "w1", 5000, 1));
  const retry = retried[0];
  assert.equal(
    calls.earlier(first.task).map((c) => c.id),
    [first.id],
    "a blocked wait() on the retry hands its earlier job to the waiter thread",
  );
  const now = String(Date.now());
  calls.seen([first.id, [now, null, "w1", null, null], true]); // its worker's heartbeat is gone (old news)
  calls.seen([first.id, [now, null, "w1", null, null], false]);
  calls.seen([first.id, "unrun"]);
  assert.is(first.task.status, "pending", "the retry decides");
  assert.equal(withdrawn, []);
  assert.is(calls.get(retry.id), retry);
  assert.equal(calls.earlier(first.task), [first], "still watched");
  calls.seen([first.id, [now, now, "w1", pack([OK, 42, ...where("w1")]), null], false]);
  assert.equal(await settled(first.task), { ok: true, value: 42 });
  assert.is(first.task.worker, "w1");
  assert.equal(withdrawn, [retry], "the retry's job is withdrawn");
  assert.equal(ended, [retry], "the call's jobs are no longer watched");
  assert.equal(calls.earlier(first.task), []);
  assert.is(other.task.status, "pending");
  assert.equal(calls.earlier(other.task), [other]);
  // A cancelled outcome of an earlier job (or none: failed, gone) decides nothing, and ends its watch.
  calls.seen([other.id, [now, now, "w1", pack([CANCELLED, "stop", ...where("w1")]), null], false]);
  assert.is(other.task.status, "pending");
  assert.equal(calls.earlier(other.task), []);
});

test("a call the waiter thread already handed to Redis, then withdrawn or cancelled before this thread's outbox ran, still has its add confirmed (so the cancel reaches its job); one lost meanwhile is not added again", async () => {
  const { calls } = book();
  const added = [];
  const outbox = new Outbox(calls, (c) => added.push(c));
  const sent = [];
  const started = { queue: { add: async (name, data, opts) => void sent.push(opts.jobId) } };
  const watched = call(calls, 0);
  const never = call(calls, 0);
  const gone = call(calls, 0);
  for (const c of [watched, never, gone]) outbox.push(started, c);
  watched.sent = watched.watched = true; // a wait() handed it to the waiter thread, which adds it itself
  calls.settle(watched, () => {}); // settled by an earlier run's outcome: its job is to be withdrawn
  watched.cancel = { reason: undefined };
  calls.settle(never, () => {}); // cancelled before anything sent it: it is never sent
  gone.sent = gone.watched = true;
  calls.lost(gone, () => new JobLostError(spec.name, gone.id)); // its job was lost (Redis restarted): not added again
  assert.instance((await settled(gone.task)).error, JobLostError);
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
  assert.equal(sent, [watched.id]);
  assert.equal(added, [watched], "its add confirmed: the caller then marks its job cancelled");
});

test.run();
