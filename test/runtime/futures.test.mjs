// Futures as promises: an Unfuture can follow a task and be waited on, it settles once,
// the Promise statics work on tamed's promise classes, and the combinators that hand a
// failure on count as handling it.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { program, shown } from "./harness.mjs";

const OUTCOME = `
  const outcome = (f) => { try { return "value " + JSON.stringify(f()); } catch (e) { return e.name + ": " + e.message; } };
`;

test("an Unfuture given a task with setResult() follows it: wait() on the Unfuture gives the task's value", () => {
  const r = program(`
    import { Unfuture } from "tamed";
    import { cpu } from "./define.mjs";
    ${OUTCOME}
    const slow = cpu("slow", (ms) => { const end = Date.now() + ms; while (Date.now() < end); return "slept " + ms; });
    const f = new Unfuture();
    f.setResult(slow(30));
    console.log(outcome(() => f.wait()), f.status);
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, 'value "slept 30" success\n', shown(r));
});

test("Unfuture.from(task) returns the task itself", () => {
  const r = program(`
    import { Unfuture } from "tamed";
    import { cpu } from "./define.mjs";
    const add = cpu("add", (a, b) => a + b);
    const t = add(3, 4);
    console.log(Unfuture.from(t) === t, t.wait());
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "true 7\n", shown(r));
});

test("setResult() on an Unfuture already following a promise is refused, and the promise's value is the one it settles with", () => {
  const r = program(`
    import { Unfuture } from "tamed";
    ${OUTCOME}
    const g = new Unfuture();
    g.setResult(new Promise((resolve) => setTimeout(() => resolve(1), 10)));
    console.log(outcome(() => g.setResult(2)));
    console.log("settles with", await g);
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(
    r.stdout,
    "Error: setResult() on a future that is already following another promise\nsettles with 1\n",
    shown(r),
  );
});

test("the Promise statics inherited by AsyncTask and DelayedResult work: AsyncTask.resolve(1), DelayedResult.all([1, 2])", () => {
  const r = program(`
    import { AsyncTask, DelayedResult } from "tamed";
    console.log(await AsyncTask.resolve(1), "|", await DelayedResult.all([1, 2]));
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "1 | [ 1, 2 ]\n", shown(r));
});

test("continueWith on a failed task and asCompleted over a failed task hand the failure on as handled: no unhandled rejection", () => {
  const r = program(`
    import { asCompleted } from "tamed";
    import { cpu } from "./define.mjs";
    let unhandled = 0;
    process.on("unhandledRejection", (e) => {
      unhandled++;
      console.log("unhandled rejection:", e.message);
    });
    const boom = cpu("boom", (n) => { throw new Error("boom " + n); });
    const add = cpu("add", (a, b) => a + b);
    const handled = await boom(1).continueWith((t) => t.status);
    const statuses = [];
    for await (const f of asCompleted([boom(2), add(1, 1)])) statuses.push(f.status);
    await new Promise((resolve) => setTimeout(resolve, 20));
    console.log("continueWith:", handled, "| asCompleted:", statuses.sort().join(","), "| unhandled rejections:", unhandled);
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "continueWith: failure | asCompleted: failure,success | unhandled rejections: 0\n", shown(r));
});

test("awaitAll and awaitFirst take a thenable's first callback only, as Promise.all does: a second one changes nothing", () => {
  const r = program(`
    import { awaitAll, awaitFirst } from "tamed";
    import { io } from "./define.mjs";
    const slow = io("slow", async (x, ms) => { await new Promise((r) => setTimeout(r, ms)); return x; });
    const twice = (a, b) => ({ then(ok) { setTimeout(() => { ok(a); ok(b); }, 5); } });
    const twiceNow = (a, b) => ({ then(ok) { ok(a); ok(b); } });
    console.log("awaitAll:", JSON.stringify(await awaitAll([twice("a", "b"), slow("x", 100)])));
    console.log("at once:", JSON.stringify(await awaitAll([twiceNow("a", "b"), slow("y", 50)])));
    console.log("awaitFirst:", await awaitFirst([twice("a", "b")]));
    console.log("Promise.all:", JSON.stringify(await Promise.all([twice("a", "b"), slow("z", 50)])));
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, 'awaitAll: ["a","x"]\nat once: ["a","y"]\nawaitFirst: a\nPromise.all: ["a","z"]\n', shown(r));
});

test.run();
