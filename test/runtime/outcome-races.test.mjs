// Races between a task's outcome and what the caller's thread does meanwhile, made
// certain with shared-memory gates instead of machine load (found by the property test,
// test/fixtures/properties, about one run in three under load):
//  - a callback run as one task settles may wait() on a task settled in the same step
//    (its worker died, or stopped answering): that wait gets the task's outcome, never
//    a WouldDeadlockError (the task is settled, or about to be, by the pool itself);
//  - once an async function has returned (its outcome exists on the worker), cancel()
//    gives false, however long its reply takes to reach the caller's thread.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { program, shown } from "./harness.mjs";

const OUTCOME = `
  const describe = (e) => e instanceof Error ? e.constructor.name + ": " + e.message.split(". Only")[0].split(" (")[0] : "thrown " + typeof e + " " + String(e);
  const outcome = (f) => { try { return "value " + String(f()); } catch (e) { return describe(e); } };
  const show = (p) => p.then((v) => "value " + String(v), describe);
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  /** Blocks this thread (no event loop, so no reply is read meanwhile). */
  const block = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
`;

/** A program that must not hang: 20 s is far beyond what each needs. */
const RUN = { timeoutMs: 20_000 };

test("a continueWith callback that waits on a neighbour of a worker that died gets the neighbour's WorkerCrashedError, not WouldDeadlockError (await and wait)", () => {
  // Three async calls share the one worker; the third ends the thread. The pool fails
  // the first two together; the first one's callback waits on the second.
  const r = program(
    `
    import { configure } from "tamed";
    import { io } from "./define.mjs";
    ${OUTCOME}
    configure({ maxThreads: 1 });
    const hold = io("hold", async (ms) => { await new Promise((r) => setTimeout(r, ms)); return "held"; });
    const die = io("die", async (ms) => { await new Promise((r) => setTimeout(r, ms)); process.exit(3); });
    for (const round of ["await", "wait"]) {
      await hold(0); // its module loaded (on this round's thread): a and b begin before die ends the thread
      const a = hold(10_000);
      const b = hold(10_000);
      const c = die(30);
      const after = a.continueWith(() => outcome(() => b.wait()));
      const got = round === "await" ? await after : after.wait();
      console.log(round, got, "|", round === "await" ? await show(b) : outcome(() => b.wait()), "|", await show(c));
    }
  `,
    RUN,
  );
  assert.not.ok(r.hung, shown(r));
  assert.is(r.status, 0, shown(r));
  const crashed = (f) =>
    `WorkerCrashedError: the worker thread running ${f}() exited with code 3 before the task finished`;
  assert.is(
    r.stdout,
    ["await", "wait"].map((round) => `${round} ${crashed("hold")} | ${crashed("hold")} | ${crashed("die")}\n`).join(""),
    shown(r),
  );
});

test("a continueWith callback that waits on a task cancelled with it, both let go when their worker stops answering, gets CancelledError, not WouldDeadlockError", () => {
  // stuck holds the worker's event loop. Cancelled, it is let go after graceMs and the
  // worker is pinged; a and b (awaiting, deaf to the cancel) are cancelled after that
  // ping, so the unanswered ping, due first, lets both go together with the worker.
  const r = program(
    `
    import { configure } from "tamed";
    import { io } from "./define.mjs";
    ${OUTCOME}
    configure({ maxThreads: 1, graceMs: 30 });
    const hold = io("hold", async (ms) => { await new Promise((r) => setTimeout(r, ms)); return "held"; });
    const stuck = io("stuck", async (gate, ms) => { await null; Atomics.store(gate, 0, 1); const end = Date.now() + ms; while (Date.now() < end); return "unstuck"; });
    // Both modules loaded first: otherwise stuck's import may finish before hold's, and
    // stuck then holds the event loop before a and b have begun (a cancel takes them back).
    await hold(0);
    await stuck(new Int32Array(new SharedArrayBuffer(4)), 0);
    const gate = new Int32Array(new SharedArrayBuffer(4));
    const a = hold(10_000);
    const b = hold(10_000);
    const s = stuck(gate, 3_000);
    while (Atomics.load(gate, 0) === 0);
    s.cancel("stop");
    console.log("stuck", await show(s)); // let go after graceMs; its worker was pinged then
    const after = a.continueWith(() => outcome(() => b.wait()));
    console.log("cancel", a.cancel("stop"), b.cancel("stop"));
    console.log("callback", await after);
    console.log("a", await show(a), "| b", await show(b));
  `,
    RUN,
  );
  assert.not.ok(r.hung, shown(r));
  assert.is(r.status, 0, shown(r));
  const cancelled = (f) => `CancelledError: the task ${f}() was cancelled`;
  assert.is(
    r.stdout,
    `stuck ${cancelled("stuck")}\ncancel true true\ncallback ${cancelled("hold")}\na ${cancelled("hold")} | b ${cancelled("hold")}\n`,
    shown(r),
  );
});

test("cancel() after an async function returned a result still being copied on its worker gives false, and the task keeps its value (await and wait)", () => {
  // A CPU-bound call's claim cell says DONE once its function returned; an async call
  // has no such mark, and its reply is not posted until the copy is made.
  const r = program(
    `
    import { io } from "./define.mjs";
    ${OUTCOME}
    const big = io("big", async (flag) => { await null; const rows = Array.from({ length: 1_000_000 }, (_, i) => ({ i })); Atomics.store(flag, 0, 1); return rows; });
    for (const round of ["await", "wait"]) {
      const flag = new Int32Array(new SharedArrayBuffer(4));
      const t = big(flag);
      while (Atomics.load(flag, 0) === 0); // its last act is done...
      // ...and it has returned. Its reply takes far longer than this to be made; a reply
      // that came sooner would give the same outcome, so the margin is generous: the
      // worker thread may be descheduled between its last act and its return.
      block(100);
      const cancelled = t.cancel("too late");
      console.log(round, cancelled, round === "await" ? await show(t.then((v) => v.length)) : outcome(() => t.wait().length), t.status);
    }
  `,
    RUN,
  );
  assert.not.ok(r.hung, shown(r));
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "await false value 1000000 success\nwait false value 1000000 success\n", shown(r));
});

test("cancel() after an async function returned a result this thread cannot read gives false even while a neighbour holds the worker's event loop past graceMs", () => {
  // The reply cannot be decoded here, so the pool asks the worker which calls it still
  // holds; the neighbour, woken by the same gate right after the reply was posted, keeps
  // the worker's event loop for 300 ms (30 graces), so the answer comes late.
  const r = program(
    `
    import { configure } from "tamed";
    import { io } from "./define.mjs";
    ${OUTCOME}
    configure({ maxThreads: 1, graceMs: 10 });
    const neighbour = io("neighbour", async (gate, ms) => {
      await Atomics.waitAsync(gate, 0, 0).value; // runs after the reply of the call that opened the gate was posted
      Atomics.store(gate, 1, 1);
      const end = Date.now() + ms;
      while (Date.now() < end);
      return "neighbour done";
    });
    const deep = io("deep", async (gate) => {
      await null;
      let o = {}; const top = o; for (let i = 0; i < 3000; i++) { o.a = {}; o = o.a; }
      Atomics.store(gate, 0, 1);
      Atomics.notify(gate, 0);
      return top;
    });
    for (const round of ["await", "wait"]) {
      const gate = new Int32Array(new SharedArrayBuffer(8));
      const n = neighbour(gate, 300);
      const t = deep(gate);
      while (Atomics.load(gate, 1) === 0); // deep returned and its reply is posted; the worker is busy now
      const cancelled = t.cancel("too late");
      const got = round === "await" ? await show(t) : outcome(() => t.wait());
      console.log(round, cancelled, got.split(":")[0], t.status, "|", round === "await" ? await show(n) : outcome(() => n.wait()));
      await sleep(100); // the worker's last answers (to a cancel, a ping) are read: it takes the next round's calls at once
    }
  `,
    RUN,
  );
  assert.not.ok(r.hung, shown(r));
  assert.is(r.status, 0, shown(r));
  assert.is(
    r.stdout,
    "await false DataCloneError failure | value neighbour done\nwait false DataCloneError failure | value neighbour done\n",
    shown(r),
  );
});

test.run();
