// AsyncScope's block: leaving it waits for the tasks spawned in it, errorMode decides
// what a failure does to the siblings, exitMode "cancel" stops background work, scopes
// nest, an exited scope takes no task, an outside signal cancels it. (Its timeoutMs: in
// scope-timeouts.test.mjs.)
import { test } from "uvu";
import * as assert from "uvu/assert";
import { report } from "../helpers.mjs";
import { shown } from "./harness.mjs";
import { usingProgram } from "./using.mjs";

const FUNCTIONS = `
  import { AsyncScope, ScopeClosedError, ScopeError } from "tamed";
  import { io } from "./define.mjs";
  // Worker modules live in a temporary folder: they import tamed by its URL.
  const PRELUDE = { prelude: \`import { setTimeout as sleep } from "node:timers/promises"; import { taskSignal } from \${JSON.stringify(import.meta.resolve("tamed"))};\` };
  /** async-tamer's slow_echo: sleeps (cancellably), then gives back its message. */
  const slowEcho = io("slowEcho", async (msg, ms) => {
    await sleep(ms, undefined, { signal: taskSignal() });
    return msg;
  }, PRELUDE);
  const failAfter = io("failAfter", async (ms, message) => {
    await sleep(ms, undefined, { signal: taskSignal() });
    throw new Error(message);
  }, PRELUDE);
  const since = (t0) => Math.round(performance.now() - t0);
  /** Starts the workers and loads slowEcho there, so that the delays below are not skewed by it. */
  const warm = () => Promise.all(Array.from({ length: 4 }, () => slowEcho("warm", 20)));
  const describe = (e) => e instanceof ScopeError ? "ScopeError [" + e.errors.map((x) => x.message).join(", ") + "]" : e.name + ": " + e.message;
`;

/** Reports the timing lines a program wrote to stderr. */
function reportTimes(r) {
  for (const line of r.stderr.trim().split("\n")) if (line) report(`scope: ${line}`);
}

test("leaving a using block waits for every task spawned in it; they finish in the order of their delays", () => {
  const r = usingProgram(`${FUNCTIONS}
    await warm();
    const order = [];
    const t0 = performance.now();
    {
      using scope = new AsyncScope();
      for (const [msg, ms] of [["1", 300], ["0.1", 30], ["0.5", 150]]) scope.spawn(slowEcho, msg, ms).then((m) => order.push(m));
    }
    console.error("using exit waited " + since(t0) + " ms for tasks of 300, 30, 150 ms");
    await Promise.resolve();
    console.log("completion order:", order.join(", "));
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "completion order: 0.1, 0.5, 1\n", shown(r));
  reportTimes(r);
});

test('errorMode "cancel" (the default): a failure cancels its siblings, and the exit throws ScopeError with the failure nobody awaited', () => {
  const r = usingProgram(`${FUNCTIONS}
    await warm();
    let echo;
    const t0 = performance.now();
    try {
      using scope = new AsyncScope();
      scope.spawn(failAfter, 30, "early failure");
      echo = scope.spawn(slowEcho, "late", 2_000);
    } catch (e) {
      console.error("errorMode cancel: exited " + since(t0) + " ms after start (failure at 30 ms, sibling of 2000 ms)");
      console.log("exit threw", describe(e), "| sibling:", echo?.status);
    }
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "exit threw ScopeError [early failure] | sibling: cancelled\n", shown(r));
  reportTimes(r);
});

test('errorMode "continue": the siblings of a failure run on, and the exit throws ScopeError with the failure', () => {
  const r = usingProgram(`${FUNCTIONS}
    let echo;
    try {
      using scope = new AsyncScope({ errorMode: "continue" });
      scope.spawn(failAfter, 10, "a failure");
      echo = scope.spawn(slowEcho, "still here", 50);
    } catch (e) {
      console.log("exit threw", describe(e), "| sibling:", echo?.status, echo?.value);
    }
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "exit threw ScopeError [a failure] | sibling: success still here\n", shown(r));
});

test("a failure awaited inside the block is the awaiter's: the exit does not throw it again", () => {
  const r = usingProgram(`${FUNCTIONS}
    try {
      await using scope = new AsyncScope();
      const f = scope.spawn(failAfter, 5, "handled");
      try {
        await f;
      } catch (e) {
        console.log("awaited inside the block:", e.message);
      }
    } catch (e) {
      console.log("exit threw", describe(e));
    }
    console.log("after the block");
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "awaited inside the block: handled\nafter the block\n", shown(r));
});

test('exitMode "cancel": a background loop is cancelled once the block\'s own work is done', () => {
  const r = usingProgram(`${FUNCTIONS}
    /** A background loop that runs until it is cancelled; counts its ticks. */
    const ticker = io("ticker", async (ms) => {
      let ticks = 0;
      const signal = taskSignal();
      while (!signal.aborted) {
        await sleep(ms, undefined, { signal }).catch(() => undefined);
        ticks++;
      }
      return ticks;
    }, PRELUDE);
    await warm();
    let background;
    const t0 = performance.now();
    {
      using scope = new AsyncScope({ exitMode: "cancel" });
      background = scope.spawn(ticker, 10);
      console.log("inner work:", await scope.spawn(slowEcho, "inner done", 60));
    }
    console.error("exitMode cancel: exited " + since(t0) + " ms after start (inner work 60 ms)");
    console.log("background loop:", background.status);
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "inner work: inner done\nbackground loop: cancelled\n", shown(r));
  reportTimes(r);
});

test("nested scopes (async-tamer's README): the outer scope's tasks run on while the inner block waits for its own; what follows the inner block waits", () => {
  // Delays are three hundredths of async-tamer's tenths, wide enough for a loaded 2-core machine; the inner
  // scope's "1" is 360 ms, not 300, so that its tie with the outer "1" does not depend on luck.
  const r = usingProgram(`${FUNCTIONS}
    await warm();
    const log = [];
    const note = (what) => (v) => log.push(what + "(" + v + ")");
    {
      await using outer = new AsyncScope();
      outer.spawn(slowEcho, "1.5", 450).then(note("Outer"));
      outer.spawn(slowEcho, "1", 300).then(note("Outer"));
      {
        await using inner = new AsyncScope();
        inner.spawn(slowEcho, "2", 600).then(note("Inner"));
        inner.spawn(slowEcho, "1", 360).then(note("Inner"));
      }
      log.push("inner block left");
      outer.spawn(slowEcho, "0.5", 150).then(note("Outer"));
    }
    log.push("outer block left");
    console.log(log.join(", "));
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(
    r.stdout,
    "Outer(1), Inner(1), Outer(1.5), Inner(2), inner block left, Outer(0.5), outer block left\n",
    shown(r),
  );
});

test("spawn() on a scope that has exited throws ScopeClosedError", () => {
  const r = usingProgram(`${FUNCTIONS}
    const closed = new AsyncScope();
    closed[Symbol.dispose]();
    try {
      closed.spawn(slowEcho, "late", 1);
      console.log("spawned");
    } catch (e) {
      console.log(e instanceof ScopeClosedError, e.message);
    }
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "true spawn() on a scope that has exited: spawn tasks inside its block\n", shown(r));
});

test("an outside AbortSignal that aborts cancels the scope's tasks", () => {
  const r = usingProgram(`${FUNCTIONS}
    const controller = new AbortController();
    let echo;
    {
      await using scope = new AsyncScope({ signal: controller.signal });
      echo = scope.spawn(slowEcho, "interrupted", 2_000);
      setTimeout(() => controller.abort(new Error("stop")), 20);
    }
    console.log("signal aborted:", echo.status);
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "signal aborted: cancelled\n", shown(r));
});

test('async-tamer\'s README rate limiter across threads: three requests at once, then one per tick; exitMode "cancel" stops the endless token generator', () => {
  const r = usingProgram(`${FUNCTIONS}
    // The tokens live in shared memory (an Int32Array on a SharedArrayBuffer is shared, not copied, when passed to a task).
    // It notes when it started: the ticks count from there.
    const generateTokens = io("generateTokens", async (tokens, tickMs, started) => {
      started[0] = Date.now();
      const signal = taskSignal();
      while (!signal.aborted) {
        await sleep(tickMs, undefined, { signal }).catch(() => undefined);
        for (let t = Atomics.load(tokens, 0); t < 3; t = Atomics.load(tokens, 0)) {
          if (Atomics.compareExchange(tokens, 0, t, t + 1) === t) break;
        }
      }
    }, PRELUDE);
    /** Takes a token (waiting for one), then "requests": gives back when it got through. */
    const fakeRequest = io("fakeRequest", async (tokens) => {
      for (;;) {
        const t = Atomics.load(tokens, 0);
        if (t > 0 && Atomics.compareExchange(tokens, 0, t, t - 1) === t) return Date.now();
        await sleep(1);
      }
    }, PRELUDE);
    const tokens = new Int32Array(new SharedArrayBuffer(4));
    tokens[0] = 3; // the initial burst
    const through = [];
    let generator;
    const started = new Float64Array(new SharedArrayBuffer(8));
    {
      using serviceLayer = new AsyncScope({ exitMode: "cancel" });
      generator = serviceLayer.spawn(generateTokens, tokens, 100, started);
      {
        using batch = new AsyncScope();
        for (let i = 0; i < 6; i++) batch.spawn(fakeRequest, tokens).then((at) => through.push(at));
      }
    }
    await Promise.resolve();
    const after = through.map((at) => at - started[0]).sort((a, b) => a - b);
    // A slow machine can only make requests later, never earlier: the 4th, 5th and 6th each waited for a tick.
    // (Counted from the generator's start, not the program's: starting the workers takes longer than a tick.)
    const ticked = after.slice(3).every((at, i) => at >= 90 * (i + 1));
    console.log(through.length + " requests,", ticked ? "the last three each after one more tick" : "NOT RATE LIMITED: " + after.join(","), "| generator:", generator.status);
    console.error("rate limiter: requests got through at " + after.join(", ") + " ms after the generator started (ticks of 100 ms)");
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "6 requests, the last three each after one more tick | generator: cancelled\n", shown(r));
  reportTimes(r);
});

test("a task that fails while the block awaits something else: the exit throws it in ScopeError, and it is no unhandled rejection before that", () => {
  const r = usingProgram(`${FUNCTIONS}
    try {
      await using scope = new AsyncScope({ errorMode: "continue" });
      scope.spawn(failAfter, 10, "failed while the block awaited");
      await new Promise((resolve) => setTimeout(resolve, 80));
    } catch (e) {
      console.log(describe(e));
    }
  `);
  assert.is(r.status, 0, shown(r)); // an unhandled rejection would have ended the process with status 1
  assert.is(r.stdout, "ScopeError [failed while the block awaited]\n", shown(r));
});

test.run();
