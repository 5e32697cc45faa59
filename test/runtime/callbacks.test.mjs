// Callbacks on settlement (continueWith, subscribe, onProgress) run on the caller's
// thread as the future settles: from the event loop, or from a thread blocked in wait().
// They may themselves wait, and they count as observing what they handle.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { program, shown } from "./harness.mjs";
import { usingProgram } from "./using.mjs";

const FUNCTIONS = `
  import { AsyncScope, awaitAll, setMaxThreads } from "tamed";
  import { cpu } from "./define.mjs";
  const spin = cpu("spin", (ms, v) => { const end = Date.now() + ms; while (Date.now() < end); return v; });
  const boom = cpu("boom", (message) => { throw new RangeError(message); });
`;

test("wait() inside a continueWith callback run from the event loop, on a task still queued behind the one that settled: it waits, no WouldDeadlockError", () => {
  const r = program(`${FUNCTIONS}
    setMaxThreads(1);
    const first = spin(50, "first");
    const queued = spin(10, "queued");
    const both = first.continueWith((f) => f.value + " then " + queued.wait());
    console.log(await both);
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "first then queued\n", shown(r));
});

test("wait() inside an onProgress callback run from the event loop, on a task still queued: it waits, no WouldDeadlockError", () => {
  const r = program(`${FUNCTIONS}
    setMaxThreads(1);
    const first = spin(50, "first");
    const queued = spin(10, "queued");
    const seen = [];
    await awaitAll([first], {
      onProgress: () => {
        try {
          seen.push(queued.wait());
        } catch (e) {
          seen.push(e.name);
        }
      },
    });
    console.log(seen.join(" "));
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "queued\n", shown(r));
});

test("subscribe callbacks fire while this thread is blocked in wait() on another task, as onProgress does", () => {
  const r = program(`${FUNCTIONS}
    const order = [];
    const a = spin(10, "a");
    a.subscribe((v) => order.push("subscribe " + v));
    const b = boom("b");
    b.subscribe(undefined, (e) => order.push("failure " + e.message));
    const c = spin(10, "c");
    awaitAll([c], { onProgress: () => order.push("progress") });
    // This thread runs no event loop before the wait, so a, b and c settle while it is
    // blocked; the waited task takes them as arguments, so it ends after they settled.
    spin(10, "slow", a, c, b.continueWith(() => 0)).wait();
    order.push("wait returned");
    console.log(order.slice().sort().join(", "));
    console.log("last:", order.at(-1));
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "failure b, progress, subscribe a, wait returned\nlast: wait returned\n", shown(r));
});

test("subscribe() to a future that has already settled calls back on the next microtask, not inside subscribe()", () => {
  const r = program(`${FUNCTIONS}
    const t = spin(0, "v");
    t.wait();
    const order = [];
    t.subscribe((v) => order.push("callback " + v));
    order.push("subscribe returned");
    await null;
    console.log(order.join(", "));
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "subscribe returned, callback v\n", shown(r));
});

test("a subscribe callback that throws: its error is an uncaught exception of its own, and the future's other callbacks still run", () => {
  const r = program(`${FUNCTIONS}
    process.on("uncaughtException", (e) => console.log("uncaught:", e.message));
    const t = spin(10, "v");
    t.subscribe(() => { throw new Error("from the callback"); });
    console.log("continueWith:", await t.continueWith((f) => f.value));
    await new Promise((resolve) => setTimeout(resolve, 10));
  `);
  assert.is(r.status, 0, shown(r));
  assert.equal(r.stdout.trim().split("\n").sort(), ["continueWith: v", "uncaught: from the callback"], shown(r));
});

test("a failure handled by subscribe(..., onFailure) is not thrown again by the scope, under using and await using", () => {
  const r = usingProgram(`${FUNCTIONS}
    try {
      using scope = new AsyncScope({ errorMode: "continue" });
      scope.spawn(boom, "sync").subscribe(undefined, (e) => console.log("handled", e.message));
    } catch (e) {
      console.log("using threw", e.name);
    }
    try {
      await using scope = new AsyncScope({ errorMode: "continue" });
      scope.spawn(boom, "async").subscribe(undefined, (e) => console.log("handled", e.message));
    } catch (e) {
      console.log("await using threw", e.name);
    }
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "handled sync\nhandled async\n", shown(r));
});

test("a failure subscribed to with onSuccess alone is still the scope's to report", () => {
  const r = usingProgram(`${FUNCTIONS}
    try {
      using scope = new AsyncScope({ errorMode: "continue" });
      scope.spawn(boom, "unhandled").subscribe((v) => console.log("success?", v));
    } catch (e) {
      console.log("using threw", e.name, e.errors.map((x) => x.message).join());
    }
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "using threw ScopeError unhandled\n", shown(r));
});

test("a callback run while this thread is blocked in wait() can wait on a task whose reply is already posted at another worker: no hang", () => {
  // wait() reads every worker's port in turn. A reply read from the first one settles a
  // task whose callback blocks in wait() on a task of the second worker, whose reply is
  // there, unread. That nested wait took it as read (the replies counter had been
  // recorded before the ports were read) and waited for a new reply forever.
  const r = program(`${FUNCTIONS}
    setMaxThreads(2);
    const mark = cpu("mark", (flags, i) => { Atomics.store(flags, i, 1); return "task " + i; });
    const block = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
    await Promise.all([spin(20, 0), spin(20, 0)]); // two workers
    for (const via of ["continueWith", "subscribe", "onProgress"]) {
      // Which of the two workers is read first is the pool's business: both ways round.
      for (const first of [0, 1]) {
        const flags = new Int32Array(new SharedArrayBuffer(8));
        const tasks = [mark(flags, 0), mark(flags, 1)];
        const [source, target] = first === 0 ? tasks : tasks.reverse();
        let got = "no call";
        const callback = () => {
          try {
            got = target.wait({ timeoutMs: 3000 });
          } catch (e) {
            got = e.name;
          }
        };
        if (via === "continueWith") source.continueWith(callback);
        else if (via === "subscribe") source.subscribe(callback);
        else awaitAll([source], { onProgress: callback });
        while (Atomics.load(flags, 0) === 0 || Atomics.load(flags, 1) === 0);
        block(50); // both replies are posted, unread
        target.wait();
        console.log(via, first, got);
      }
    }
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(
    r.stdout,
    "continueWith 0 task 1\ncontinueWith 1 task 0\nsubscribe 0 task 1\nsubscribe 1 task 0\nonProgress 0 task 1\nonProgress 1 task 0\n",
    shown(r),
  );
});

test.run();
