// runtime/wire-error.ts: errors flattened to cloneable data on the worker (toWire) and
// rebuilt on the caller's thread (fromWire). Each round trip here goes through
// structuredClone, as a message between threads does.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { toWire, fromWire } from "../../dist/runtime/wire-error.js";
import * as errors from "../../dist/runtime/errors.js";

const across = (e, ...rest) => fromWire(structuredClone(toWire(e)), ...rest);
const stackless = (e) => {
  Object.defineProperty(e, "stack", { value: undefined });
  return e;
};

/** A stack as the caller gets it back: Node's internal frames (`node:internal/timers`) dropped. */
const withoutNodeFrames = (stack) =>
  stack
    .split("\n")
    .filter((l) => !/^\s*at (?:async )?(?:[^(]*\()?node:/.test(l))
    .join("\n");

test("a built-in error keeps its class, name, message and stack (but Node's internal frames)", () => {
  for (const C of [Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError]) {
    const e = new C("boom");
    const back = across(e);
    assert.is(back.constructor, C, C.name);
    assert.ok(back instanceof C);
    assert.is(back.name, C.name);
    assert.is(back.message, "boom");
    assert.is(back.stack, withoutNodeFrames(e.stack));
  }
});

test("Node's internal frames are dropped also where they name no function (at node:internal/...)", () => {
  const e = new Error("boom");
  const own = e.stack.split("\n")[1];
  e.stack = [
    "Error: boom",
    own,
    "    at node:internal/main/run_main_module:28:49",
    "    at async node:internal/modules/esm/loader:123:5",
    "    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)",
  ].join("\n");
  assert.is(across(e).stack, `Error: boom\n${own}`);
});

test("the wire form of an error is plain data: class, name, message, stack", () => {
  const e = new RangeError("out");
  assert.equal(toWire(e), { ctor: "RangeError", name: "RangeError", message: "out", stack: e.stack });
});

test("an error without a stack gets 'name: message' as its stack", () => {
  const back = across(stackless(new TypeError("no frames")));
  assert.is(back.stack, "TypeError: no frames");
});

test("the caller's frames are appended under the worker's", () => {
  const back = across(stackless(new Error("x")), "    at caller (/app/main.js:1:1)");
  assert.is(back.stack, "Error: x\n    at caller (/app/main.js:1:1)");
});

test("frames of Node's internals and of the hidden file are dropped from the worker's stack", () => {
  const e = new Error("x");
  Object.defineProperty(e, "stack", {
    value:
      "Error: x\n    at f (/app/f.js:1:1)\n    at run (file:///tamed/dist/runtime/worker.js:9:9)\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)\n    at g (/app/g.js:2:2)",
  });
  const back = across(e, undefined, "/tamed/dist/runtime/worker.js");
  assert.is(back.stack, "Error: x\n    at f (/app/f.js:1:1)\n    at g (/app/g.js:2:2)");
});

test("a name set on an instance travels and the class stays", () => {
  const e = new Error("m");
  e.name = "HttpError";
  const back = across(e);
  assert.is(back.constructor, Error);
  assert.is(back.name, "HttpError");
});

test("an error's cause chain travels, each with its own class", () => {
  const e = new Error("outer", { cause: new TypeError("middle", { cause: new RangeError("inner") }) });
  const back = across(e);
  assert.is(back.message, "outer");
  assert.ok(back.cause instanceof TypeError);
  assert.is(back.cause.message, "middle");
  assert.ok(back.cause.cause instanceof RangeError);
  assert.is(back.cause.cause.message, "inner");
  assert.is(back.cause.cause.cause, undefined);
  assert.not.ok("cause" in back.cause.cause, "no cause property where there was none");
});

test("a cause that is not an error travels as itself", () => {
  assert.equal(across(new Error("m", { cause: { code: 42 } })).cause, { code: 42 });
  assert.is(across(new Error("m", { cause: "why" })).cause, "why");
  assert.is(across(new Error("m", { cause: null })).cause, null);
});

test("a cause chain is cut after 8 causes below the thrown error", () => {
  let e = new Error("level 20");
  for (let i = 19; i >= 0; i--) e = new Error(`level ${i}`, { cause: e });
  let back = across(e);
  const levels = [];
  while (back !== undefined) {
    levels.push(back.message);
    back = back.cause;
  }
  assert.equal(levels, [
    "level 0",
    "level 1",
    "level 2",
    "level 3",
    "level 4",
    "level 5",
    "level 6",
    "level 7",
    "level 8",
  ]);
});

test("a chain of 10,000 causes becomes a wire of 9 levels, quickly", () => {
  let e = new Error("bottom");
  for (let i = 0; i < 10_000; i++) e = new Error(`e${i}`, { cause: e });
  let w = toWire(e);
  let depth = 1;
  while (w.cause !== undefined) {
    w = w.cause;
    depth++;
  }
  assert.is(depth, 9);
});

test("an AggregateError keeps its errors, each rebuilt", () => {
  const e = new AggregateError([new TypeError("a"), new RangeError("b"), "c"], "all failed");
  const back = across(e);
  assert.ok(back instanceof AggregateError);
  assert.is(back.message, "all failed");
  assert.is(back.errors.length, 3);
  assert.ok(back.errors[0] instanceof TypeError);
  assert.is(back.errors[0].message, "a");
  assert.ok(back.errors[1] instanceof RangeError);
  assert.is(back.errors[2], "c");
});

test("an AggregateError with a cause keeps both", () => {
  const back = across(new AggregateError([new Error("a")], "agg", { cause: new Error("why") }));
  assert.is(back.cause.message, "why");
  assert.is(back.errors[0].message, "a");
});

test("an error of another class with an errors array keeps its class and the errors", () => {
  const e = new Error("many");
  e.errors = [new Error("one")];
  const back = across(e);
  assert.is(back.constructor, Error);
  assert.ok(Array.isArray(back.errors));
  assert.is(back.errors[0].message, "one");
});

test("an error's own cloneable data properties travel; functions and uncloneable ones are left out", () => {
  const e = new Error("m");
  Object.assign(e, {
    code: "E_FAIL",
    status: 503,
    details: { retry: true },
    when: new Date(0),
    fn() {},
    sym: Symbol("s"),
    holder: { f() {} },
  });
  const back = across(e);
  assert.is(back.code, "E_FAIL");
  assert.is(back.status, 503);
  assert.equal(back.details, { retry: true });
  assert.ok(back.when instanceof Date);
  assert.is(back.when.getTime(), 0);
  assert.not.ok("fn" in back);
  assert.not.ok("sym" in back);
  assert.not.ok("holder" in back);
  assert.equal(toWire(e).props, { code: "E_FAIL", status: 503, details: { retry: true }, when: new Date(0) });
});

test("an error's own non-enumerable data properties travel and stay non-enumerable (ZodError's issues)", () => {
  const e = new Error("invalid");
  Object.defineProperty(e, "issues", {
    value: [{ path: ["age"], code: "too_small" }],
    writable: true,
    configurable: true,
  });
  Object.defineProperty(e, "computed", { get: () => 1, configurable: true }); // an accessor: not data, not read
  e.code = "E_INVALID";
  const back = across(e);
  assert.equal(back.issues, [{ path: ["age"], code: "too_small" }]);
  assert.is(Object.getOwnPropertyDescriptor(back, "issues").enumerable, false);
  assert.not.ok("computed" in back);
  assert.equal(Object.keys(back), ["code"]);
});

test("a DOMException comes back a DOMException, with its name and code", () => {
  const back = across(new DOMException("aborted!", "AbortError"));
  assert.ok(back instanceof DOMException);
  assert.is(back.name, "AbortError");
  assert.is(back.code, 20);
  assert.is(back.message, "aborted!");
});

test("an error without own data has no props on the wire", () => {
  assert.not.ok("props" in toWire(new Error("m")));
});

test("an error that is its own cause ends the chain with its text instead of looping", () => {
  const e = new Error("loop");
  e.cause = e;
  const back = across(e);
  assert.is(back.message, "loop");
  assert.is(back.cause, "Error: loop");
});

test("a cycle through two errors is cut where it comes back", () => {
  const a = new Error("a");
  const b = new TypeError("b", { cause: a });
  a.cause = b;
  const back = across(a);
  assert.ok(back.cause instanceof TypeError);
  assert.is(back.cause.cause, "Error: a");
});

test("an AggregateError that holds itself ends that member with its text", () => {
  const e = new AggregateError([], "self");
  e.errors.push(e);
  const back = across(e);
  assert.equal(back.errors, ["AggregateError: self"]);
});

test("an error met twice without a cycle (Promise.any of one rejection twice) arrives as an error both times", () => {
  const e = new RangeError("same");
  const back = across(new AggregateError([e, e], "twice"));
  assert.is(back.errors.length, 2);
  for (const x of back.errors) {
    assert.ok(x instanceof RangeError);
    assert.is(x.message, "same");
  }
});

test("two errors sharing one cause both keep it as an error", () => {
  const cause = new TypeError("shared");
  const back = across(new AggregateError([new Error("a", { cause }), new Error("b", { cause })], "x"));
  assert.ok(back.errors[0].cause instanceof TypeError);
  assert.ok(back.errors[1].cause instanceof TypeError);
  assert.is(back.errors[1].cause.message, "shared");
});

test("errors shared across many members are flattened once: a wide diamond of errors stays small on the wire", () => {
  // 10 members, each holding the same 10 errors, 8 levels deep: 10^8 paths, 80 errors.
  let level = [new Error("bottom")];
  for (let d = 0; d < 8; d++) {
    const below = level;
    level = Array.from({ length: 10 }, (_, i) => new AggregateError(below, `level ${d} #${i}`));
  }
  const started = performance.now();
  const w = toWire(new AggregateError(level, "top"));
  assert.ok(performance.now() - started < 1000, "flattened in under a second");
  assert.ok(structuredClone(w).errors.length === 10);
});

test("a getter that throws loses only its own part", () => {
  const e = new Error("m");
  Object.defineProperty(e, "code", {
    get() {
      throw new Error("no");
    },
    enumerable: true,
  });
  Object.defineProperty(e, "cause", {
    get() {
      throw new Error("no");
    },
  });
  e.ok = 1;
  const back = across(e);
  assert.is(back.message, "m");
  assert.not.ok("code" in back);
  assert.not.ok("cause" in back);
  assert.is(back.ok, 1);
});

test("a message getter that throws is said so in the message", () => {
  const e = new Error();
  Object.defineProperty(e, "message", {
    get() {
      throw new Error("no");
    },
  });
  assert.is(across(e).message, "(its message could not be read: the getter threw)");
});

test("a name or stack getter that throws gives the class name and a made-up stack", () => {
  class Odd extends Error {}
  const e = new Odd("m");
  // stack first: defining it reads the lazily made stack, which reads name
  Object.defineProperty(e, "stack", {
    get() {
      throw new Error("no");
    },
  });
  Object.defineProperty(e, "name", {
    get() {
      throw new Error("no");
    },
  });
  const back = across(e);
  assert.is(back.name, "Odd");
  assert.is(back.stack, "Odd: m");
});

test("a message that is not a string is turned into one", () => {
  const e = new Error();
  Object.defineProperty(e, "message", { value: 42 });
  assert.is(across(e).message, "42");
  const f = new Error();
  Object.defineProperty(f, "message", {
    value: {
      toString() {
        throw new Error("no");
      },
    },
  });
  assert.is(across(f).message, "[object Object]");
});

test("an error whose constructor cannot be read comes back as an Error", () => {
  const e = new Error("m");
  Object.defineProperty(e, "constructor", {
    get() {
      throw new Error("no");
    },
  });
  const w = toWire(e);
  assert.is(w.ctor, "Error");
  assert.is(w.name, "Error");
});

test("a cause that is a Proxy whose traps throw is said so, and the error around it still travels", () => {
  const trap = () => {
    throw new Error("trap");
  };
  const evil = new Proxy(
    {},
    { get: trap, getPrototypeOf: trap, ownKeys: trap, has: trap, getOwnPropertyDescriptor: trap },
  );
  const e = new Error("outer", { cause: evil });
  const back = across(e);
  assert.is(back.message, "outer");
  assert.is(back.cause, "(a value that could not be read: trap)");
});

test("thrown values that are not errors travel as themselves when they can be cloned", () => {
  assert.is(across("plain string"), "plain string");
  assert.is(across(42), 42);
  assert.is(across(undefined), undefined);
  assert.is(across(null), null);
  assert.equal(across({ code: 1, list: [1, 2] }), { code: 1, list: [1, 2] });
  assert.equal(toWire("s"), { thrown: "s" });
});

test("an object that only looks like an error (name, message, stack) is not made into one", () => {
  const fake = { name: "Error", message: "looks like one", stack: "Error: looks like one\n    at x" };
  const back = across(fake);
  assert.not.ok(back instanceof Error);
  assert.equal(back, fake);
});

test("a thrown value that cannot be cloned travels as its text", () => {
  assert.is(across(Symbol("sym")), "Symbol(sym)");
  assert.is(across({ f() {} }), "[object Object]");
  const fn = function named() {};
  assert.is(across(fn), String(fn));
});

test("an error of another realm or a subclass is an error", () => {
  class Mine extends TypeError {}
  const w = toWire(new Mine("m"));
  assert.is(w.ctor, "Mine");
  assert.is(w.name, "TypeError");
  const proto = toWire(Object.create(Error.prototype, { message: { value: "made by hand" } }));
  assert.is(proto.ctor, "Error");
  assert.is(proto.message, "made by hand");
});

test("a user's class the caller cannot import comes back as an Error subclass of the same name", () => {
  class ValidationError extends Error {
    name = "ValidationError";
    field = "email";
  }
  const back = across(new ValidationError("bad"));
  assert.ok(back instanceof Error);
  assert.not.ok(back instanceof ValidationError);
  assert.is(back.constructor.name, "ValidationError");
  assert.is(back.name, "ValidationError");
  assert.is(back.message, "bad");
  assert.is(back.field, "email");
});

test("stand-ins of one name are one class, so instanceof between two rebuilt errors holds", () => {
  class Gone extends Error {}
  const a = across(new Gone("a"));
  const b = across(new Gone("b"));
  assert.is(a.constructor, b.constructor);
  assert.ok(b instanceof a.constructor);
});

test("a user's class passed in `classes` is rebuilt as that class, without running its constructor", () => {
  let constructed = 0;
  class ValidationError extends Error {
    constructor(field) {
      super(`bad ${field}`);
      constructed++;
      this.name = "ValidationError";
      this.field = field;
    }
    describe() {
      return `field ${this.field}`;
    }
  }
  const e = new ValidationError("email");
  constructed = 0;
  const back = across(e, "    at caller", undefined, [ValidationError]);
  assert.is(constructed, 0);
  assert.ok(back instanceof ValidationError);
  assert.is(back.message, "bad email");
  assert.is(back.name, "ValidationError");
  assert.is(back.field, "email");
  assert.is(back.describe(), "field email");
  assert.ok(back.stack.endsWith("\n    at caller"));
  assert.ok(back.stack.startsWith("ValidationError: bad email\n"));
});

test("a user's class in `classes` keeps its cause and errors", () => {
  class Wrapped extends Error {}
  const e = new Wrapped("w", { cause: new RangeError("r") });
  e.errors = [new Error("x")];
  const back = across(e, undefined, undefined, [Wrapped]);
  assert.ok(back instanceof Wrapped);
  assert.ok(back.cause instanceof RangeError);
  assert.is(back.errors[0].message, "x");
});

test("`classes` cannot replace a built-in class", () => {
  class TypeError2 extends Error {}
  Object.defineProperty(TypeError2, "name", { value: "TypeError" });
  const back = across(new TypeError("t"), undefined, undefined, [TypeError2]);
  assert.is(back.constructor, TypeError);
});

test("a user's class goes by its index in the classes: the caller's class at that index, whatever either is named", () => {
  // The worker module's copies (a minifier named them r and q) and the caller's, in the same order.
  class r extends Error {}
  class q extends Error {}
  class Sub extends r {}
  class ParseError extends Error {}
  class ValidationError extends Error {}
  const e = new r("outer", { cause: new q("inner") });
  e.errors = [new q("member"), new Sub("not listed")];
  const w = toWire(e, [r, q]);
  assert.is(w.ctor, "r");
  assert.is(w.cls, 0);
  assert.is(w.cause.cls, 1);
  assert.is(w.errors[0].cls, 1);
  assert.not.ok("cls" in w.errors[1], "a subclass of a listed class is not that class: it goes by its name");
  const back = fromWire(structuredClone(w), undefined, undefined, [ParseError, ValidationError]);
  assert.ok(back instanceof ParseError);
  assert.is(back.message, "outer");
  assert.ok(back.cause instanceof ValidationError);
  assert.is(back.cause.message, "inner");
  assert.ok(back.errors[0] instanceof ValidationError);
  assert.is(back.errors[1].constructor.name, "Sub");
  assert.not.ok(back.errors[1] instanceof ParseError);
});

test("an index the caller's classes do not have falls back to the name; a wire without one goes by name", () => {
  class ParseError extends Error {}
  const byName = fromWire(
    { ctor: "ParseError", cls: 3, name: "Error", message: "m", stack: undefined },
    undefined,
    undefined,
    [ParseError],
  );
  assert.ok(byName instanceof ParseError);
  const old = fromWire({ ctor: "ParseError", name: "Error", message: "m", stack: undefined }, undefined, undefined, [
    ParseError,
  ]);
  assert.ok(old instanceof ParseError);
});

test("an error rebuilt without classes keeps its index, and sends it on (tamed/bullmq's worker process)", () => {
  class r extends Error {}
  class ParseError extends Error {}
  const there = fromWire(structuredClone(toWire(new r("m", { cause: new r("c") }), [r])));
  assert.is(there.constructor.name, "r");
  assert.not.ok(
    Object.keys(there).some((k) => k.includes("cls")),
    "the index is no data property of the error",
  );
  const back = fromWire(structuredClone(toWire(there)), undefined, undefined, [ParseError]);
  assert.ok(back instanceof ParseError);
  assert.ok(back.cause instanceof ParseError);
  // Sent with classes of its own, the thread's list decides.
  assert.not.ok("cls" in toWire(there, [ParseError]));
});

test("tamed's own errors are rebuilt as the caller's class by their brand, with their fields", () => {
  const cases = [
    new errors.WouldDeadlockError("would deadlock"),
    new errors.TimeoutError("late"),
    new errors.NotReadyError("not yet"),
    new errors.WorkerCrashedError("f", 3),
    new errors.DataCloneError("f", 1, "a function"),
    new errors.CancelledError("stop", "user"),
    new errors.ScopeClosedError("closed"),
    new errors.ExecutorShutdownError("down"),
    new errors.NotCompiledError("f", "makeAsync"),
    new errors.BuildRefusedError("f", "makeAsync", ["src/a.ts:1:1 - error TS77001: why"]),
    new errors.WorkerModuleError("f", "file:///w.js", "missing", undefined),
  ];
  for (const e of cases) {
    const w = toWire(e);
    assert.is(w.tamed, e.name);
    const back = fromWire(structuredClone(w));
    assert.is(back.constructor, e.constructor, e.name);
    assert.is(back.name, e.name);
    assert.is(back.message, e.message);
  }
  const crashed = across(new errors.WorkerCrashedError("f", 3));
  assert.is(crashed.exitCode, 3);
  assert.is(crashed.fn, "f");
  const clone = across(new errors.DataCloneError("g", "result", "a symbol"));
  assert.is(clone.position, "result");
  assert.is(across(new errors.CancelledError("stop", "user")).reason, "user");
  assert.is(across(new errors.WorkerModuleError("f", "file:///w.js", "missing", undefined)).reason, "missing");
  const refused = across(new errors.BuildRefusedError("f", "makeAsync", ["src/a.ts:1:1 - error TS77001: why"]));
  assert.ok(refused instanceof errors.NotCompiledError);
  assert.equal(refused.diagnostics, ["src/a.ts:1:1 - error TS77001: why"]);
});

test("a ScopeError comes back a ScopeError and an AggregateError, with its errors", () => {
  const e = new errors.ScopeError([new Error("a"), new TypeError("b")], "2 tasks failed");
  const back = across(e);
  assert.ok(back instanceof errors.ScopeError);
  assert.ok(back instanceof AggregateError);
  assert.is(back.name, "ScopeError");
  assert.is(back.errors.length, 2);
  assert.ok(back.errors[1] instanceof TypeError);
});

test("a tamed class of another copy of the runtime, even renamed by a bundler, is recognised by its Symbol.for brand", () => {
  const t = class extends Error {};
  Object.defineProperty(t, "name", { value: "t" });
  Object.defineProperty(t.prototype, Symbol.for("tamed.error"), { value: "TimeoutError" });
  const e = new t("late");
  e.name = "TimeoutError";
  const back = across(e);
  assert.ok(back instanceof errors.TimeoutError);
  assert.is(back.name, "TimeoutError");
  assert.is(back.message, "late");
});

test("a brand that names no tamed class (or names an Object.prototype key) is ignored", () => {
  const wire = { ctor: "Weird", tamed: "constructor", name: "Weird", message: "m", stack: undefined };
  const back = fromWire(wire);
  assert.ok(back instanceof Error);
  assert.is(back.constructor.name, "Weird");
  assert.is(fromWire({ ...wire, tamed: "NoSuchError" }).constructor, back.constructor);
});

test("the wire is cloneable even when the error holds uncloneable things", () => {
  const e = new Error("m", { cause: { f() {} } });
  e.errors = [Symbol("x")];
  e.big = { fn() {} };
  const w = toWire(e);
  structuredClone(w);
  assert.is(w.cause.thrown, "[object Object]");
  assert.equal(w.errors, [{ thrown: "Symbol(x)" }]);
});

test.run();
