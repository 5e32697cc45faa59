// How the cluster backend sends its jobs (runtime/bullmq/send.ts), against a real
// redis-server and real `tamed worker` processes: the calls of one turn of the event loop
// go to Redis as one pipeline (BullMQ's addBulk), without those cancelled in that turn;
// if the pipeline fails, each call is sent again on its own and still settles once, with
// its own outcome. BullMQ's Queue is spied on in this process (the backend's Queue is the same class).
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Queue } from "bullmq";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { setUp } from "../helpers.mjs";
import { AsyncExecutor, CancelledError } from "tamed";
import { bullmq } from "tamed/bullmq";
import { startFixture } from "./redis.mjs";

const test = suite("cluster send");
const ctx = {};
const scratch = mkdtempSync(join(tmpdir(), "tamed-cluster-send-"));
const { add: realAdd, addBulk: realAddBulk } = Queue.prototype;
/** What the backend asked of BullMQ: each addBulk's job ids, and each single add's. */
const seen = { bulks: [], singles: [] };
/** Set to make the next addBulk fail (after it has added its jobs, as a pipeline whose reply was lost would). */
let failNextBulk = false;

test.before(
  setUp(async () => {
    Object.assign(ctx, await startFixture());
    Queue.prototype.addBulk = async function (jobs) {
      seen.bulks.push(jobs.map((j) => j.opts.jobId));
      const added = await realAddBulk.call(this, jobs);
      if (failNextBulk) {
        failNextBulk = false;
        throw new Error("the pipeline's reply was lost (test)");
      }
      return added;
    };
    Queue.prototype.add = function (name, data, opts) {
      seen.singles.push(opts?.jobId);
      return realAdd.call(this, name, data, opts);
    };
    ctx.cluster = bullmq({ connection: ctx.redis.url, pollMs: 300 });
    ctx.executor = new AsyncExecutor({ backend: ctx.cluster });
  }),
);

test.after(async () => {
  Queue.prototype.add = realAdd;
  Queue.prototype.addBulk = realAddBulk;
  await ctx.cluster?.close();
  for (const w of ctx.workers ?? []) await w.stop("SIGKILL");
  await ctx.redis?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

/** Calls `add(i, 1)` for i < n in one turn; resolves with their values and how often each settled. */
async function burst(n) {
  const settles = new Array(n).fill(0);
  const tasks = Array.from({ length: n }, (_, i) => {
    const t = ctx.executor.submit(ctx.tasks.add, i, 1);
    t.subscribe(
      () => settles[i]++,
      () => settles[i]++,
    );
    return t;
  });
  const values = await Promise.all(tasks);
  await sleep(700); // a late event or poll that settled a task again would show here (pollMs is 300)
  return { values, settles };
}

test("the calls of one turn go to Redis as one pipeline, and a call alone as one add", async () => {
  seen.bulks.length = seen.singles.length = 0;
  const { values, settles } = await burst(50);
  assert.equal(
    values,
    Array.from({ length: 50 }, (_, i) => i + 1),
  );
  assert.equal(settles, new Array(50).fill(1), "each task settled once");
  assert.equal(seen.bulks.length, 1, "one addBulk for the turn's 50 calls");
  assert.equal(seen.bulks[0].length, 50);
  assert.equal(seen.singles, []);
  assert.equal(await ctx.executor.submit(ctx.tasks.add, 2, 3), 5);
  assert.equal(seen.bulks.length, 1);
  assert.equal(seen.singles.length, 1, "a call alone in its turn: one add");
});

test("calls cancelled in the turn they were made are left out of the pipeline, and never run", async () => {
  seen.bulks.length = seen.singles.length = 0;
  const { marked } = ctx.tasks;
  const file = join(scratch, "cancelled.log");
  const tasks = Array.from({ length: 10 }, (_, i) => ctx.executor.submit(marked, file, `call ${i}`, 0));
  for (const i of [1, 4, 7]) assert.ok(tasks[i].cancel("in the same turn"));
  const ended = await Promise.allSettled(tasks);
  assert.equal(seen.bulks.length, 1);
  assert.equal(seen.bulks[0].length, 7, "the 3 cancelled calls' jobs were not sent");
  for (const [i, r] of ended.entries()) {
    if ([1, 4, 7].includes(i)) assert.instance(r.reason, CancelledError);
    else assert.equal(r.value, `call ${i}`);
  }
  await sleep(300);
  const ran = existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : [];
  assert.equal(ran.sort(), ["call 0", "call 2", "call 3", "call 5", "call 6", "call 8", "call 9"], "what ran");
});

test("a pipeline that fails: each of its calls is sent again on its own, and settles once with its own outcome", async () => {
  seen.bulks.length = seen.singles.length = 0;
  failNextBulk = true;
  const { values, settles } = await burst(30);
  assert.equal(
    values,
    Array.from({ length: 30 }, (_, i) => i + 1),
  );
  assert.equal(settles, new Array(30).fill(1), "each task settled once (its job added twice is one job)");
  assert.equal(seen.bulks.length, 1);
  assert.equal(seen.singles.sort(), [...seen.bulks[0]].sort(), "each call of the failed pipeline sent on its own");
});

test.run();
