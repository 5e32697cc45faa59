// tamed's own error classes, thrown inside a marked function, come back as themselves; a
// user's classes come back as the caller's class at the same position in the function's
// list (the worker module's __tamed_errors and the descriptor's errors), whatever each
// side's copy is named (a minified bundle and worker module name them differently).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { program, shown } from "./harness.mjs";

test("ScopeError, NotReadyError, WouldDeadlockError, TimeoutError, CancelledError and the rest thrown on a worker arrive as tamed's own classes", () => {
  const r = program(`
    import * as tamed from "tamed";
    import { cpu } from "./define.mjs";
    const TAMED = JSON.stringify(import.meta.resolve("tamed"));
    const NAMES = ["ScopeError", "NotReadyError", "WouldDeadlockError", "TimeoutError", "CancelledError", "ScopeClosedError", "ExecutorShutdownError", "DataCloneError", "WorkerCrashedError", "WorkerModuleError", "NotCompiledError", "BuildRefusedError"];
    // Each made the way the runtime makes it, on the worker thread, with the worker's copy of tamed.
    const raise = cpu("raise", (name) => {
      const make = {
        ScopeError: () => new tamed.ScopeError([new Error("inner")], "scope failed"),
        NotReadyError: () => new tamed.NotReadyError("not ready"),
        WouldDeadlockError: () => new tamed.WouldDeadlockError("would deadlock"),
        TimeoutError: () => new tamed.TimeoutError("too slow"),
        CancelledError: () => new tamed.CancelledError("cancelled", "why"),
        ScopeClosedError: () => new tamed.ScopeClosedError("closed"),
        ExecutorShutdownError: () => new tamed.ExecutorShutdownError("shut"),
        DataCloneError: () => new tamed.DataCloneError("f", 1, "a function"),
        WorkerCrashedError: () => new tamed.WorkerCrashedError("f", 3),
        WorkerModuleError: () => new tamed.WorkerModuleError("f", "file:///m.mjs", "missing", new Error("gone")),
        NotCompiledError: () => new tamed.NotCompiledError("f", "makeAsync"),
        BuildRefusedError: () => new tamed.BuildRefusedError("f", "makeAsync", ["src/a.ts:1:1 - error TS77001: why"]),
      };
      throw make[name]();
    }, { prelude: \`import * as tamed from \${TAMED};\` });
    for (const name of NAMES) {
      try {
        raise(name).wait();
      } catch (e) {
        const own = e instanceof tamed[name];
        const fields = name === "ScopeError" ? e.errors.map((x) => x.message).join() : name === "CancelledError" ? e.reason : name === "DataCloneError" ? e.position : name === "WorkerCrashedError" ? e.exitCode : name === "WorkerModuleError" ? e.reason : name === "BuildRefusedError" ? [e instanceof tamed.NotCompiledError, ...e.diagnostics].join() : "";
        console.log(name, own, e.name, e.message.length > 0, fields);
      }
    }
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(
    r.stdout,
    [
      "ScopeError true ScopeError true inner",
      "NotReadyError true NotReadyError true ",
      "WouldDeadlockError true WouldDeadlockError true ",
      "TimeoutError true TimeoutError true ",
      "CancelledError true CancelledError true why",
      "ScopeClosedError true ScopeClosedError true ",
      "ExecutorShutdownError true ExecutorShutdownError true ",
      "DataCloneError true DataCloneError true 1",
      "WorkerCrashedError true WorkerCrashedError true 3",
      "WorkerModuleError true WorkerModuleError true missing",
      "NotCompiledError true NotCompiledError true ",
      "BuildRefusedError true BuildRefusedError true true,src/a.ts:1:1 - error TS77001: why",
      "",
    ].join("\n"),
    shown(r),
  );
});

test("a user's own class that happens to be called TimeoutError is not taken for tamed's", () => {
  const r = program(`
    import { TimeoutError } from "tamed";
    import { cpu } from "./define.mjs";
    const raise = cpu("raise", () => {
      class TimeoutError extends Error {
        name = "TimeoutError";
      }
      throw new TimeoutError("mine");
    });
    try {
      raise().wait();
    } catch (e) {
      console.log(e.name, e instanceof TimeoutError, e.message);
    }
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "TimeoutError false mine\n", shown(r));
});

test("a user's error class named otherwise in the worker module (a minifier's renaming) arrives as the caller's class at its position, causes and AggregateError members too", () => {
  const r = program(`
    import { cpu } from "./define.mjs";
    class ParseError extends Error {}
    class ValidationError extends Error {
      constructor(message, options) {
        super(message, options);
        this.name = "ValidationError";
      }
    }
    // The worker module's own copies, named as a minifier names them: r for ParseError, q for ValidationError.
    const prelude = \`
      class r extends Error {}
      class q extends Error {
        constructor(message, options) {
          super(message, options);
          this.name = "ValidationError";
        }
      }
      class Local extends Error {}
      export const __tamed_errors = () => [r, q];
    \`;
    const errors = () => [ParseError, ValidationError];
    const parse = cpu("parse", (how) => {
      if (how === "chain") throw new r("line 2: unexpected token", { cause: new q("field a", { cause: new RangeError("out") }) });
      if (how === "aggregate") throw new AggregateError([new q("a"), new r("b"), new Local("c")], "many");
      throw new Local("not listed");
    }, { prelude, errors });
    const show = (e) => [e.constructor.name, e instanceof ParseError, e instanceof ValidationError, e.name, e.message].join(" ");
    try {
      parse("chain").wait();
    } catch (e) {
      console.log(show(e));
      console.log(show(e.cause));
      console.log(show(e.cause.cause));
    }
    try {
      parse("aggregate").wait();
    } catch (e) {
      console.log(show(e));
      for (const x of e.errors) console.log(show(x));
    }
    try {
      parse("local").wait();
    } catch (e) {
      console.log(show(e));
    }
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(
    r.stdout,
    [
      "ParseError true false Error line 2: unexpected token",
      "ValidationError false true ValidationError field a",
      "RangeError false false RangeError out",
      "AggregateError false false AggregateError many",
      "ValidationError false true ValidationError a",
      "ParseError true false Error b",
      "Local false false Error c",
      "Local false false Error not listed",
      "",
    ].join("\n"),
    shown(r),
  );
});

test("a worker module without __tamed_errors (built before it) still gets its errors rebuilt by class name", () => {
  const r = program(`
    import { cpu } from "./define.mjs";
    class ParseError extends Error {}
    const parse = cpu("parse", () => {
      throw new ParseError("bad", { cause: new ParseError("worse") });
    }, { prelude: "class ParseError extends Error {}", errors: () => [ParseError] });
    try {
      parse().wait();
    } catch (e) {
      console.log(e instanceof ParseError, e.message, e.cause instanceof ParseError, e.cause.message);
    }
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "true bad true worse\n", shown(r));
});

test.run();
