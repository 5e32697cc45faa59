// A built-in the calling thread replaced (a package like MockDate or seedrandom's global
// mode, or fake timers, patching Date, Math.random, setTimeout) is not replaced on a
// worker unless the worker module repeats the replacement: a function that reads it
// computes a different answer there. The pool says so, naming the built-in and the
// function (TAMED_BUILTIN_REPLACED), instead of letting the answer differ in silence.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { program, shown } from "./harness.mjs";

const CODE = "TAMED_BUILTIN_REPLACED";

test("a Math.random the caller replaced and the worker does not is reported, naming it and the function", () => {
  const r = program(`
    import { cpu } from "./define.mjs";
    const roll = cpu("roll", () => Math.random());
    Math.random = () => 0.25; // as seedrandom(seed, { global: true }) does
    console.log("inline", Math.random(), "worker", (await roll()) === 0.25);
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "inline 0.25 worker false\n", shown(r));
  assert.match(r.stderr, CODE, shown(r));
  assert.match(r.stderr, "Math.random", shown(r));
  assert.match(r.stderr, "roll()", shown(r));
});

test("a Date class the caller put in place of the built-in is reported", () => {
  const r = program(`
    import { cpu } from "./define.mjs";
    const year = cpu("year", () => new Date().getUTCFullYear());
    const RealDate = Date;
    // What MockDate.set("2000-01-01") does: a Date class of its own, frozen at that time.
    globalThis.Date = class extends RealDate { constructor(...a) { super(...(a.length ? a : [946684800000])); } };
    console.log("inline", new Date().getUTCFullYear(), "worker", (await year()) !== 2000);
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "inline 2000 worker true\n", shown(r));
  assert.match(r.stderr, CODE, shown(r));
  assert.match(r.stderr, /\bDate\b/, shown(r));
  assert.match(r.stderr, "year()", shown(r));
  assert.not.match(r.stderr, "constructor", shown(r)); // Date.prototype.constructor is Date itself
});

test("a setTimeout the caller replaced (fake timers) is reported, though Node's own is JavaScript too", () => {
  const r = program(`
    import { cpu } from "./define.mjs";
    const kind = cpu("kind", () => typeof setTimeout);
    const real = setTimeout;
    globalThis.setTimeout = function fakeSetTimeout(fn, ms) { return real(fn, 0); };
    console.log(await kind());
  `);
  assert.is(r.status, 0, shown(r));
  assert.match(r.stderr, CODE, shown(r));
  assert.match(r.stderr, "setTimeout", shown(r));
});

test("a replacement the worker module repeats as it loads is not reported", () => {
  const r = program(`
    import { cpu } from "./define.mjs";
    const prelude = "Math.random = () => 0.25;";
    const roll = cpu("roll", () => Math.random(), { prelude });
    Math.random = () => 0.25;
    console.log("worker", await roll());
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "worker 0.25\n", shown(r));
  assert.not.match(r.stderr, CODE, shown(r));
});

test("a built-in only the worker module replaced is not reported as the caller's, though Node writes it in JavaScript", () => {
  const r = program(`
    import { cpu } from "./define.mjs";
    const prelude = "globalThis.queueMicrotask = (f) => Promise.resolve().then(f);";
    const tick = cpu("tick", () => new Promise((resolve) => queueMicrotask(() => resolve("ticked"))), { prelude });
    console.log(await tick());
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "ticked\n", shown(r));
  assert.not.match(r.stderr, CODE, shown(r));
});

test("a program that replaces globalThis.Buffer still runs its calls (the check reads no global it does not name)", () => {
  const r = program(`
    import { cpu } from "./define.mjs";
    const sq = cpu("sq", (x) => x * x);
    globalThis.Buffer = class FakeBuffer {};
    console.log(await sq(3), await sq(4));
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "9 16\n", shown(r));
});

test("nothing is reported when no built-in was replaced, for sync, async and blocked calls on several workers", () => {
  const r = program(`
    import { configure } from "tamed";
    import { cpu, io } from "./define.mjs";
    configure({ maxThreads: 2 });
    const spin = cpu("spin", (ms) => { const end = Date.now() + ms; while (Date.now() < end); return ms; });
    const later = io("later", async (n) => { await new Promise((r) => setTimeout(r, 5)); return n + 1; });
    console.log((await Promise.all([spin(50), spin(50), later(1)])).join(" "), later(2).wait());
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "50 50 2 3\n", shown(r));
  assert.not.match(r.stderr, CODE, shown(r));
  assert.not.match(r.stderr, "Warning", shown(r));
});

test("a replaced built-in is reported once, however many calls and functions read it", () => {
  const r = program(`
    import { cpu } from "./define.mjs";
    const a = cpu("a", () => Math.random());
    const b = cpu("b", () => Math.random());
    Math.random = () => 0.25;
    for (let i = 0; i < 5; i++) await Promise.all([a(), b()]);
    console.log("done");
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stderr.split(CODE).length - 1, 1, shown(r));
});

test("awaiting a task still works after the program put another Promise in place of the built-in (bluebird, zone.js)", () => {
  const r = program(`
    import { cpu } from "./define.mjs";
    const sq = cpu("sq", (x) => x * x);
    console.log(await sq(2));
    const Native = Promise;
    // A Promise of its own, not the built-in's subclass, as zone.js's ZoneAwarePromise and bluebird are.
    globalThis.Promise = function OtherPromise(executor) {
      const p = new Native(executor);
      return { then: (a, b) => p.then(a, b), catch: (b) => p.catch(b) };
    };
    console.log(await sq(5), sq(6).wait());
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "4\n25 36\n", shown(r));
});

test.run();
