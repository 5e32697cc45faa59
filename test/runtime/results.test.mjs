// What a marked function returns or throws reaches the caller as itself, or fails that
// one call with a named error: never a dead worker, never a neighbour's failure.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { program, shown } from "./harness.mjs";

/** Prelude of the programs below: outcome() of a wait, show() of a promise, as one line each. */
const OUTCOME = `
  const describe = (e) => e instanceof Error ? e.constructor.name + ": " + e.message.split(". Only")[0] : "thrown " + typeof e + " " + JSON.stringify(e);
  const outcome = (f) => { try { return "value " + String(f()); } catch (e) { return describe(e); } };
  const show = (p) => p.then((v) => "value " + String(v), describe);
`;

test("returning a Symbol fails only that call with DataCloneError, under wait() and await, and the tasks beside it finish", () => {
  const r = program(`
    import { configure } from "tamed";
    import { cpu, io } from "./define.mjs";
    ${OUTCOME}
    configure({ maxThreads: 1 });
    const sym = cpu("sym", () => Symbol("s"));
    const asyncSym = io("asyncSym", async () => Symbol("s"));
    const nap = io("nap", async (ms) => { await new Promise((r) => setTimeout(r, ms)); return "napped"; });
    console.log(outcome(() => sym().wait()));
    console.log(await show(sym()));
    const neighbour = nap(100);
    console.log(outcome(() => asyncSym().wait()));
    console.log(await show(asyncSym()));
    console.log(await show(neighbour));
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(
    r.stdout,
    [
      "DataCloneError: sym(): its return value cannot be sent to another thread: Symbol(s) could not be cloned",
      "DataCloneError: sym(): its return value cannot be sent to another thread: Symbol(s) could not be cloned",
      "DataCloneError: asyncSym(): its return value cannot be sent to another thread: Symbol(s) could not be cloned",
      "DataCloneError: asyncSym(): its return value cannot be sent to another thread: Symbol(s) could not be cloned",
      "value napped",
      "",
    ].join("\n"),
    shown(r),
  );
});

test("a result whose then getter throws fails only that call, with the getter's error, as await would", () => {
  const r = program(`
    import { configure } from "tamed";
    import { cpu, io } from "./define.mjs";
    ${OUTCOME}
    configure({ maxThreads: 1 });
    const bad = cpu("bad", () => ({ get then() { throw new RangeError("no then here"); } }));
    const asyncBad = io("asyncBad", async () => ({ get then() { throw new RangeError("no then here"); } }));
    const nap = io("nap", async (ms) => { await new Promise((r) => setTimeout(r, ms)); return "napped"; });
    console.log(outcome(() => bad().wait()));
    const neighbour = nap(100);
    console.log(await show(asyncBad()));
    console.log(await show(neighbour));
    console.log(outcome(() => bad().wait()));
    configure({ inline: true });
    let task;
    try {
      task = bad();
    } catch {
      console.log("inline: the call itself threw");
    }
    if (task !== undefined) console.log("inline:", outcome(() => task.wait()));
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(
    r.stdout,
    "RangeError: no then here\nRangeError: no then here\nvalue napped\nRangeError: no then here\ninline: RangeError: no then here\n",
    shown(r),
  );
});

test("a Proxy whose traps throw, returned or thrown, fails only that call with DataCloneError or the trap's error", () => {
  const r = program(`
    import { configure } from "tamed";
    import { cpu, io } from "./define.mjs";
    ${OUTCOME}
    configure({ maxThreads: 1 });
    // Every trap of these proxies throws, naming itself.
    const returnsProxy = cpu("returnsProxy", () => new Proxy({}, new Proxy({}, { get: (_, trap) => () => { throw new TypeError("trap " + trap); } })));
    const throwsProxy = io("throwsProxy", async () => { throw new Proxy({}, new Proxy({}, { get: (_, trap) => () => { throw new TypeError("trap " + trap); } })); });
    const nap = io("nap", async (ms) => { await new Promise((r) => setTimeout(r, ms)); return "napped"; });
    console.log(outcome(() => returnsProxy().wait()));
    const neighbour = nap(100);
    console.log(await show(throwsProxy()));
    console.log(outcome(() => throwsProxy().wait()));
    console.log(await show(neighbour));
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(
    r.stdout,
    [
      "TypeError: trap get",
      "DataCloneError: throwsProxy(): the value it threw cannot be sent to another thread: trap getPrototypeOf",
      "DataCloneError: throwsProxy(): the value it threw cannot be sent to another thread: trap getPrototypeOf",
      "value napped",
      "",
    ].join("\n"),
    shown(r),
  );
});

test("a Buffer argument and a Buffer result arrive as Buffers; a Uint8Array stays a Uint8Array", () => {
  const r = program(`
    import { cpu } from "./define.mjs";
    const look = cpu("look", (x) => (Buffer.isBuffer(x) ? "Buffer " : x.constructor.name + " ") + x.toString());
    const make = cpu("make", (text) => Buffer.from(text));
    const bytes = cpu("bytes", (text) => new TextEncoder().encode(text));
    console.log(look(Buffer.from("hi")).wait());
    console.log(await look(Buffer.from("hi")));
    console.log(look(new Uint8Array([104, 105])).wait());
    const b = make("hi").wait();
    console.log(Buffer.isBuffer(b), b.toString());
    const u = await bytes("hi");
    console.log(Buffer.isBuffer(u), u.constructor.name, u.toString());
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "Buffer hi\nBuffer hi\nUint8Array 104,105\ntrue hi\nfalse Uint8Array 104,105\n", shown(r));
});

test("an error with throwing getters comes back as an error of its class, with what could be read", () => {
  const r = program(`
    import { cpu } from "./define.mjs";
    const fail = cpu("fail", () => {
      const e = new RangeError("out of range");
      Object.defineProperty(e, "detail", { enumerable: true, get() { throw new Error("no detail"); } });
      e.code = "E_RANGE";
      throw e;
    });
    const failName = cpu("failName", () => {
      class Odd extends Error { get name() { throw new Error("no name"); } }
      throw new Odd("odd one");
    });
    for (const f of [fail, failName]) {
      try {
        f().wait();
      } catch (e) {
        console.log(typeof e, e instanceof Error, e.constructor.name, e.message, e.code, "detail" in e);
      }
    }
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(
    r.stdout,
    "object true RangeError out of range E_RANGE false\nobject true Odd odd one undefined false\n",
    shown(r),
  );
});

test("a thrown object that only looks like an error comes back as that object", () => {
  const r = program(`
    import { cpu } from "./define.mjs";
    const fail = cpu("fail", () => { throw { name: "NotAnError", message: "looks like one", code: 7 }; });
    try {
      await fail();
    } catch (e) {
      console.log(e instanceof Error, Object.getPrototypeOf(e) === Object.prototype, JSON.stringify(e));
    }
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, 'false true {"name":"NotAnError","message":"looks like one","code":7}\n', shown(r));
});

test('a thrown value that can be neither cloned nor turned into a string settles its task once, thrown as the string "[object Object]"', () => {
  const r = program(
    `
    import { cpu } from "./define.mjs";
    const throwOdd = cpu("throwOdd", () => {
      const o = Object.create(null);
      o.f = () => 0;
      throw o;
    });
    try {
      throwOdd().wait();
      console.log("no error?");
    } catch (e) {
      console.log(typeof e, JSON.stringify(e));
    }
  `,
    { timeoutMs: 10_000 },
  );
  assert.not.ok(r.hung, shown(r));
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, 'string "[object Object]"\n', shown(r));
});

test.run();
