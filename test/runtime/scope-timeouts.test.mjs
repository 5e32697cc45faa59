// A scope's timeoutMs, whatever the thread is doing when it runs out: blocked in wait()
// inside the block, blocked at the exit, or awaiting.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { report } from "../helpers.mjs";
import { shown } from "./harness.mjs";
import { usingProgram } from "./using.mjs";

const FUNCTIONS = `
  import { AsyncScope, awaitAll, TimeoutError } from "tamed";
  import { cpu, io } from "./define.mjs";
  // Worker modules live in a temporary folder: they import tamed by its URL.
  const TAMED = JSON.stringify(import.meta.resolve("tamed"));
  const untilCancelled = cpu("untilCancelled", () => { for (;;) checkpoint(); }, { prelude: \`import { checkpoint } from \${TAMED};\` });
  const deaf = cpu("deaf", () => { for (;;); });
  const sleepy = io("sleepy", async (ms) => { await sleep(ms, undefined, { signal: taskSignal() }); return ms; }, {
    prelude: \`import { setTimeout as sleep } from "node:timers/promises"; import { taskSignal } from \${TAMED};\`,
  });
`;

test("wait() inside a sync using block: the scope's deadline cancels the task and the block exits with TimeoutError", () => {
  const r = usingProgram(`${FUNCTIONS}
    let t;
    try {
      using scope = new AsyncScope({ timeoutMs: 100 });
      t = scope.spawn(untilCancelled);
      t.wait();
      console.log("wait() returned");
    } catch (e) {
      console.log(e.name, e instanceof TimeoutError, t.status);
    }
  `);
  assert.not.ok(r.hung, shown(r));
  assert.is(r.stdout, "TimeoutError true cancelled\n", shown(r));
});

test("a task that never checks for cancellation: wait() inside the sync block returns at the deadline plus grace, with TimeoutError", () => {
  const r = usingProgram(`${FUNCTIONS}
    const tasks = [];
    try {
      using scope = new AsyncScope({ timeoutMs: 100 });
      tasks.push(scope.spawn(deaf), scope.spawn(deaf));
      awaitAll(tasks).wait();
      console.log("wait() returned");
    } catch (e) {
      console.log(e.name, tasks.map((t) => t.status).join(" "));
    }
  `);
  assert.not.ok(r.hung, shown(r));
  assert.is(r.stdout, "TimeoutError cancelled cancelled\n", shown(r));
});

test("await using + timeoutMs + awaited tasks (the docs' handle(req)): the caller gets TimeoutError, not SuppressedError", () => {
  const r = usingProgram(`${FUNCTIONS}
    async function handle() {
      await using scope = new AsyncScope({ timeoutMs: 100 });
      const [a, b] = await Promise.all([scope.spawn(sleepy, 20_000), scope.spawn(sleepy, 20_000)]);
      return a + b;
    }
    try {
      console.log("returned", await handle());
    } catch (e) {
      console.log(e.name, e instanceof TimeoutError);
    }
  `);
  assert.not.ok(r.hung, shown(r));
  assert.is(r.stdout, "TimeoutError true\n", shown(r));
});

test("sync using + timeoutMs + a task waited on in the block: the caller gets TimeoutError, not SuppressedError", () => {
  const r = usingProgram(`${FUNCTIONS}
    function handle() {
      using scope = new AsyncScope({ timeoutMs: 100 });
      return scope.spawn(sleepy, 20_000).wait();
    }
    try {
      console.log("returned", handle());
    } catch (e) {
      console.log(e.name, e instanceof TimeoutError);
    }
  `);
  assert.not.ok(r.hung, shown(r));
  assert.is(r.stdout, "TimeoutError true\n", shown(r));
});

test("a deadline nobody waited for still comes out of the block as TimeoutError, under using and await using", () => {
  const r = usingProgram(`${FUNCTIONS}
    try {
      using scope = new AsyncScope({ timeoutMs: 100 });
      scope.spawn(untilCancelled);
    } catch (e) {
      console.log("using:", e.name);
    }
    try {
      await using scope = new AsyncScope({ timeoutMs: 100 });
      scope.spawn(sleepy, 20_000);
    } catch (e) {
      console.log("await using:", e.name);
    }
  `);
  assert.not.ok(r.hung, shown(r));
  assert.is(r.stdout, "using: TimeoutError\nawait using: TimeoutError\n", shown(r));
});

test("await using: a task spawned after the deadline has passed is cancelled, and the block exits with TimeoutError", () => {
  const r = usingProgram(`${FUNCTIONS}
    let late;
    try {
      await using scope = new AsyncScope({ timeoutMs: 50 });
      await new Promise((resolve) => setTimeout(resolve, 100));
      late = scope.spawn(sleepy, 1_500);
    } catch (e) {
      console.log(e.name, e instanceof TimeoutError, "| task:", late?.status);
    }
  `);
  assert.not.ok(r.hung, shown(r));
  assert.is(r.status, 0, shown(r)); // no unhandled rejection either
  assert.is(r.stdout, "TimeoutError true | task: cancelled\n", shown(r));
});

test("timeoutMs: a task still running at the deadline is cancelled, and the exit throws TimeoutError saying so", () => {
  const r = usingProgram(`${FUNCTIONS}
    await sleepy(1); // a worker started and sleepy loaded: the time reported is the scope's alone
    let echo;
    const t0 = performance.now();
    try {
      using scope = new AsyncScope({ timeoutMs: 50 });
      echo = scope.spawn(sleepy, 2_000);
    } catch (e) {
      console.error("timeoutMs 50: exited " + Math.round(performance.now() - t0) + " ms after start");
      console.log(e instanceof TimeoutError, e.name + ": " + e.message, "| task:", echo?.status);
    }
  `);
  assert.not.ok(r.hung, shown(r));
  assert.is(r.status, 0, shown(r));
  assert.is(
    r.stdout,
    "true TimeoutError: the scope did not finish within 50 ms; its tasks were cancelled | task: cancelled\n",
    shown(r),
  );
  report(r.stderr.trim());
});

test.run();
