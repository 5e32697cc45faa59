// A worker that dies: the call it ran fails with WorkerCrashedError (also when it ran out
// of memory, and while the caller is blocked in wait()), the calls queued behind it run on
// a new worker with the arguments they were called with. Errors no call is there to
// receive are reported on stderr, naming the function; a worker module that ends its
// thread while loading says so.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { report } from "../helpers.mjs";
import { program, shown } from "./harness.mjs";

const OUTCOME = `
  const describe = (e) => e instanceof Error ? e.constructor.name + ": " + e.message : "thrown " + typeof e + " " + String(e);
  const outcome = (f) => { try { return "value " + String(f()); } catch (e) { return describe(e); } };
  const show = (p) => p.then((v) => "value " + String(v), describe);
`;

test("an error thrown by a timer after the function returned is reported on stderr, naming the function, and the calls beside it finish", () => {
  const r = program(`
    import { configure } from "tamed";
    import { io } from "./define.mjs";
    ${OUTCOME}
    configure({ maxThreads: 1 });
    const leave = io("leave", async (label) => {
      setTimeout(() => { console.log("printed before the throw"); throw new Error("late failure " + label); }, 20);
      return "returned";
    });
    const nap = io("nap", async (ms) => { await new Promise((r) => setTimeout(r, ms)); return "napped"; });
    console.log(await leave("a"));
    console.log(await show(nap(200))); // the timer fires while this runs, on the same worker
    console.log(leave("b").wait());
    console.log(outcome(() => nap(200).wait()));
    console.log(await show(nap(1)));
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(
    r.stdout,
    "returned\nprinted before the throw\nvalue napped\nreturned\nprinted before the throw\nvalue napped\nvalue napped\n",
    shown(r),
  );
  for (const label of ["a", "b"]) {
    assert.match(
      r.stderr,
      new RegExp(
        `leave\\(\\) threw after it had returned[^\\n]*\\n(.*\\n)*Error: late failure ${label}\\n\\s+at Timeout`,
      ),
      shown(r),
    );
  }
});

test("a worker that dies while running no call says so on stderr, naming the function it ran last", () => {
  const r = program(`
    import { cpu } from "./define.mjs";
    ${OUTCOME}
    const quit = cpu("quit", () => { setImmediate(() => process.exit(4)); return "returned"; });
    const add = cpu("add", (a, b) => a + b);
    console.log(quit().wait());
    await new Promise((r) => setTimeout(r, 200));
    console.log(outcome(() => add(1, 2).wait()));
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "returned\nvalue 3\n", shown(r));
  assert.match(
    r.stderr,
    /worker thread \d+, which ran quit\(\) last, exited with code 4 while it ran no call/,
    shown(r),
  );
});

test("a worker ended by a callback a call left behind, while another call waits there for its module: reported naming that function, and the waiting call is not blamed", () => {
  const r = program(
    `
    import { configure } from "tamed";
    import { io } from "./define.mjs";
    ${OUTCOME}
    configure({ maxThreads: 1 });
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    const quit = io("quit", async () => { setTimeout(() => process.exit(4), 50); return "returned"; });
    // Its module takes a second to load: three workers die under it, none because of it.
    const slow = io("slow", async () => "loaded", { prelude: "await new Promise((r) => setTimeout(r, 1000));" });
    const s = show(slow());
    for (let i = 0; i < 3; i++) {
      await sleep(100); // slow is loading on the current worker; quit joins it there
      console.log(await quit());
      await sleep(200); // that worker has exited; slow loads again on a new one
    }
    console.log(await s);
  `,
    { timeoutMs: 30_000 },
  );
  assert.not.ok(r.hung, shown(r));
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "returned\nreturned\nreturned\nvalue loaded\n", shown(r));
  const reports =
    r.stderr.match(
      /which ran quit\(\) last, exited with code 4 while it ran no call, from a timer or callback quit\(\) left behind after it returned/g,
    ) ?? [];
  assert.is(reports.length, 3, shown(r));
});

test("a worker module that calls process.exit while loading fails the call with WorkerModuleError saying so", () => {
  const r = program(`
    import { cpu } from "./define.mjs";
    ${OUTCOME}
    const doomed = cpu("doomed", () => 1, { prelude: "process.exit(2);" });
    const add = cpu("add", (a, b) => a + b);
    console.log(outcome(() => doomed().wait()));
    console.log(await show(doomed()));
    console.log(outcome(() => add(1, 2).wait()));
  `);
  assert.is(r.status, 0, shown(r));
  const lines = r.stdout.split("\n");
  for (const line of lines.slice(0, 2)) {
    assert.ok(
      line.startsWith(
        "WorkerModuleError: doomed(): its worker module ended the worker thread while loading (exit code 2)",
      ),
      shown(r),
    );
  }
  assert.is(lines[2], "value 3", shown(r));
});

test("a worker module that throws while loading fails the call with WorkerModuleError, its reason quoted once in a sentence", () => {
  const r = program(`
    import { cpu } from "./define.mjs";
    ${OUTCOME}
    const broken = cpu("broken", () => 1, { prelude: 'throw new Error("no config file.");' });
    console.log(outcome(() => broken().wait()));
  `);
  assert.is(r.status, 0, shown(r));
  assert.ok(
    r.stdout.startsWith(
      "WorkerModuleError: broken(): its worker module threw while loading: no config file. The modules",
    ),
    shown(r),
  );
});

/**
 * A program whose first function's worker module leaves `prelude`'s timer behind as it loads (due
 * 50 ms later), then, once the worker sleeps, calls another function on that one worker: the timer
 * fires while that call waits for its own module.
 */
function timerLeftAtLoad(prelude) {
  return program(`
    import { configure } from "tamed";
    import { cpu } from "./define.mjs";
    configure({ maxThreads: 1 });
    const timed = cpu("timed", () => "returned", { prelude: ${JSON.stringify(prelude)} });
    console.log(timed().wait());
    // A worker between calls sleeps: its due timers run when the next call wakes it.
    await new Promise((r) => setTimeout(r, 100));
    const idle = cpu("idle", (ms) => new Promise((r) => setTimeout(() => r(ms), ms)));
    console.log(await idle(100));
  `);
}

test("an error thrown by a timer a worker module left behind as it loaded is reported on stderr, naming the function, and the call running then finishes", () => {
  const r = timerLeftAtLoad('setTimeout(() => { throw new Error("late"); }, 50);');
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "returned\n100\n", shown(r));
  assert.match(
    r.stderr,
    /the worker module of timed\(\) threw after it had loaded, from a timer or callback it left behind as it loaded on worker thread \d+; no call is to blame/,
    shown(r),
  );
  assert.match(r.stderr, /Error: late/, shown(r));
});

test("a worker ended by a timer its module left behind as it loaded is reported naming the function, and the call waiting there for its module runs on a new worker", () => {
  const r = timerLeftAtLoad("setTimeout(() => process.exit(5), 50);");
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "returned\n100\n", shown(r));
  assert.match(
    r.stderr,
    /worker thread \d+, which ran timed\(\) last, exited with code 5 while it ran no call, from a timer or callback the worker module of timed\(\) left behind as it loaded/,
    shown(r),
  );
});

test("a call whose callback, run by a dispatcher its module started as it loaded, throws fails with WorkerCrashedError instead of hanging", () => {
  // A client made at module level (a database's, a queue's) runs the calls' callbacks from
  // its own timer: a throw there may be a running call's, so it is not taken for a stray.
  const r = program(
    `
    import { io } from "./define.mjs";
    ${OUTCOME}
    const prelude = "const queue = []; setInterval(() => { for (const cb of queue.splice(0)) cb(); }, 10); function query(cb) { queue.push(cb); }";
    const get = io("get", (n) => new Promise((resolve) => query(() => { if (n === 2) throw new Error("bug in a callback"); resolve(n); })), { prelude });
    console.log(await show(get(1)));
    console.log(await show(get(2)));
  `,
    { timeoutMs: 20_000 },
  );
  assert.not.ok(r.hung, shown(r));
  assert.is(r.status, 0, shown(r));
  const lines = r.stdout.split("\n");
  assert.is(lines[0], "value 1", shown(r));
  assert.ok(lines[1].startsWith("WorkerCrashedError: the worker thread running get() exited with code 1"), shown(r));
});

/** A function that allocates until its worker runs out of memory under `resourceLimits`. */
const HOG = `
  const hog = cpu("hog", () => {
    const keep = [];
    for (;;) keep.push(new Array(100_000).fill(1));
  });
`;

test("a worker that runs out of memory under resourceLimits fails its awaited task with WorkerCrashedError, cause code ERR_WORKER_OUT_OF_MEMORY", () => {
  const r = program(`
    import { configure } from "tamed";
    import { cpu } from "./define.mjs";
    ${HOG}
    configure({ resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 } });
    try {
      await hog();
      console.log("no error?");
    } catch (e) {
      console.log(e.name, e.cause?.code);
    }
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "WorkerCrashedError ERR_WORKER_OUT_OF_MEMORY\n", shown(r));
});

test('a worker that runs out of memory while the caller is blocked in wait(): wait() throws WorkerCrashedError ("stopped"), and the next call runs on a new worker', () => {
  // Blocked in wait(), the caller cannot see the worker's exit event: it notices the stopped thread itself.
  const r = program(`
    import { configure } from "tamed";
    import { cpu, io } from "./define.mjs";
    ${HOG}
    const echo = io("echo", async (n) => { await new Promise((r) => setTimeout(r, 1)); return n; });
    configure({ resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 } });
    const t0 = performance.now();
    try {
      hog().wait();
      console.log("no error?");
    } catch (e) {
      console.log(e.name, "|", e.message, "| cause:", e.cause.message);
      console.error("noticed " + (performance.now() - t0).toFixed(0) + " ms after the call");
    }
    console.log("then", echo(6).wait());
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(
    r.stdout,
    "WorkerCrashedError | the worker thread running hog() stopped before the task finished | cause: the thread stopped without running JavaScript again (out of memory under resourceLimits, or terminated)\nthen 6\n",
    shown(r),
  );
  const noticed = /noticed \d+ ms after the call/.exec(r.stderr);
  assert.ok(noticed, shown(r));
  report(`out of memory under wait(): ${noticed[0]}`);
});

test("calls queued at a worker that exits before reading them run on a new worker, with the arguments as they were when called", () => {
  const r = program(`
    import { setMaxThreads } from "tamed";
    import { io } from "./define.mjs";
    ${OUTCOME}
    const exitNow = io("exitNow", async (really) => (really ? process.exit(5) : 0));
    const echoObject = io("echoObject", async (o) => { await new Promise((r) => setTimeout(r, 1)); return o.n; });
    const echoNumber = io("echoNumber", async (n) => { await new Promise((r) => setTimeout(r, 1)); return n; });
    setMaxThreads(1);
    // All three modules loaded on the one worker first, so each call below starts as soon as it is read.
    await Promise.all([exitNow(false), echoObject({ n: 0 }), echoNumber(0)]);
    const o = { n: 1 };
    const dying = exitNow(true);
    const withObject = echoObject(o); // posted to the same worker, behind exitNow
    const withNumber = echoNumber(7);
    o.n = 2; // changed after the call: the call still gets what it was given
    console.log(outcome(() => dying.wait()));
    console.log(outcome(() => withObject.wait()));
    console.log(outcome(() => withNumber.wait()));
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(
    r.stdout,
    "WorkerCrashedError: the worker thread running exitNow() exited with code 5 before the task finished\nvalue 1\nvalue 7\n",
    shown(r),
  );
});

test("calls waiting behind a call that ends its worker are not blamed: they run on a new worker however many of the calls ahead of them exit", () => {
  const r = program(`
    import { configure } from "tamed";
    import { cpu } from "./define.mjs";
    ${OUTCOME}
    configure({ maxThreads: 1 });
    const f = cpu("f", (x) => { if (x < 0) process.exit(1); return x; });
    for (let i = 0; i < 20; i++) await f(i); // measured short: the calls below wait at the one worker, behind each other
    const calls = [f(-1), f(-2), f(-3), f(42)];
    for (const c of calls) console.log(await show(c));
  `);
  assert.is(r.status, 0, shown(r));
  const crashed = "WorkerCrashedError: the worker thread running f() exited with code 1 before the task finished";
  assert.is(r.stdout, `${crashed}\n${crashed}\n${crashed}\nvalue 42\n`, shown(r));
});

test.run();
