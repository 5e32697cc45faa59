// tamed's own error classes, thrown inside a marked function, come back as themselves.
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

test.run();
