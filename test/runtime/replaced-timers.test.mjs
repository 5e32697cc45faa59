// A program or a worker module may replace the global setImmediate or setTimeout (a
// batching scheduler, fake timers in a test). The runtime's own timers and turns of the
// event loop (a worker's wait after loading a module, its parking, a cancelled call's
// grace, a ping, the pool's keep-alive) take node:timers' functions, so calls still answer
// and cancellations still end.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { program, shown } from "./harness.mjs";

const SHIM = `
  globalThis.queued = [];
  globalThis.setImmediate = (fn) => { globalThis.queued.push(fn); return { ref() { return this; }, unref() { return this; }, hasRef: () => false }; };
`;

// A CPU-bound function that ignores cancels (only its grace ends it), and a wait() on a
// long call of it that must time out.
const SPIN = `const spin = cpu("spin", (ms) => { const end = Date.now() + ms; while (Date.now() < end); return ms; });`;
const TIMES_OUT = `
    const long = spin(60_000);
    try { wait(long, { timeoutMs: 200 }); } catch (e) { console.log(e.name); }
    long.cancel();
`;

test("a worker module that replaces the global setImmediate as it loads still answers its calls", () => {
  const r = program(`
    import { cpu } from "./define.mjs";
    const twice = cpu("twice", (n) => n * 2, { prelude: ${JSON.stringify(SHIM)} });
    console.log(await twice(21), await twice(4));
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "42 8\n", shown(r));
});

test("a program that replaces the global setImmediate before its first call still gets its answers", () => {
  const r = program(`
    import { cpu } from "./define.mjs";
    ${SHIM}
    const twice = cpu("twice", (n) => n * 2);
    console.log(await twice(21));
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "42\n", shown(r));
});

test("a program with fake timers installed (a setTimeout that never fires, global and node:timers') still ends a cancelled call that ignores the cancel, after its grace", () => {
  const r = program(`
    import { createRequire } from "node:module";
    import { configure } from "tamed";
    import { cpu } from "./define.mjs";
    configure({ maxThreads: 1, graceMs: 100 });
    ${SPIN}
    await spin(0);
    const frozen = [];
    globalThis.setTimeout = (fn) => { frozen.push(fn); return { ref() { return this; }, unref() { return this; }, hasRef: () => false, [Symbol.toPrimitive]: () => 0 }; };
    globalThis.clearTimeout = () => {};
    // Fake-timer libraries may also patch node:timers' exports.
    const nodeTimers = createRequire(import.meta.url)("node:timers");
    nodeTimers.setTimeout = globalThis.setTimeout;
    nodeTimers.clearTimeout = globalThis.clearTimeout;
    const runaway = spin(60_000);
    const started = Date.now();
    while (runaway.status !== "running") await new Promise((r) => setImmediate(r));
    runaway.cancel("too long");
    const outcome = await runaway.then(() => "value", (e) => e.name);
    console.log(outcome, Date.now() - started < 30_000, await spin(1));
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "CancelledError true 1\n", shown(r));
});

// Fake-timer libraries (@sinonjs/fake-timers, vi.useFakeTimers()) replace the global
// performance too, by default: its now() stands still until the test ticks the clock.
const FROZEN_CLOCK = `
  const frozenAt = performance.now();
  Object.defineProperty(globalThis, "performance", { configurable: true, writable: true, value: { now: () => frozenAt, timeOrigin: performance.timeOrigin } });
`;

test("a caller blocked in wait() on a cancelled call that ignores the cancel is released after its grace, under fake timers that freeze performance.now()", () => {
  const r = program(
    `
    import { configure, wait } from "tamed";
    import { cpu } from "./define.mjs";
    configure({ maxThreads: 1, graceMs: 100 });
    ${SPIN}
    await spin(0);
    const runaway = spin(60_000);
    await new Promise((r) => setTimeout(r, 300)); // it has begun: the cancel needs the grace
    ${FROZEN_CLOCK}
    runaway.cancel("too long");
    let outcome = "value";
    try { wait(runaway); } catch (e) { outcome = e.name; }
    console.log(outcome, wait(spin(1)));
  `,
    { timeoutMs: 15_000 },
  );
  assert.is(r.hung, false, shown(r));
  assert.is(r.stdout, "CancelledError 1\n", shown(r));
});

test("wait() with timeoutMs times out under fake timers that freeze performance.now()", () => {
  const r = program(
    `
    import { configure, wait } from "tamed";
    import { cpu } from "./define.mjs";
    configure({ graceMs: 100 });
    ${SPIN}
    await spin(0);
    ${FROZEN_CLOCK}
    ${TIMES_OUT}
  `,
    { timeoutMs: 15_000 },
  );
  assert.is(r.hung, false, shown(r));
  assert.is(r.stdout, "TimeoutError\n", shown(r));
});

test("wait() with timeoutMs times out when fake timers froze the global performance before tamed loaded", () => {
  const r = program(
    `
    ${FROZEN_CLOCK}
    const { configure, wait } = await import("tamed");
    const { cpu } = await import("../define.mjs"); // the program runs from .programs/
    configure({ graceMs: 100 });
    ${SPIN}
    ${TIMES_OUT}
  `,
    { timeoutMs: 15_000 },
  );
  assert.is(r.hung, false, shown(r));
  assert.is(r.stdout, "TimeoutError\n", shown(r));
});

test("a call nobody awaits still holds the process open when fake timers replaced node:timers' functions before tamed loaded", () => {
  const r = program(
    `
    import { createRequire } from "node:module";
    const nodeTimers = createRequire(import.meta.url)("node:timers");
    const fake = () => ({ ref() { return this; }, unref() { return this; }, hasRef: () => false, [Symbol.toPrimitive]: () => 0 });
    for (const name of ["setTimeout", "setInterval", "setImmediate"]) nodeTimers[name] = globalThis[name] = fake;
    const { cpu } = await import("../define.mjs"); // the program runs from .programs/
    const slow = cpu("slow", (ms) => { const end = Date.now() + ms; while (Date.now() < end); return "done after " + ms; });
    slow(300).then((v) => console.log(v));
  `,
    { timeoutMs: 15_000 },
  );
  assert.is(r.hung, false, shown(r));
  assert.is(r.stdout, "done after 300\n", shown(r));
});

test.run();
