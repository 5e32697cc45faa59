// What a program built without tamed's plugin hears: a JSDoc-marked function is a plain
// async function there, so wait() on its promise must point at the build, not only at await.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { program, shown } from "./harness.mjs";

test("wait(p) on a plain promise says it may come from a /** @tamed */ function the build did not compile, and how to check", () => {
  const r = program(`
    import { wait, WouldDeadlockError } from "tamed";
    /** @tamed */
    async function slowEcho(msg) { return msg; } // what tsc without the plugin leaves
    try {
      wait(slowEcho("hi"));
    } catch (e) {
      console.log(e instanceof WouldDeadlockError, e.message);
    }
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(
    r.stdout,
    "true wait() was given a plain promise, not a task: only this thread's event loop can settle it, so waiting would block forever. " +
      "If it comes from a function marked /** @tamed */ or /** @makeAsync */, the build did not compile that function with tamed's plugin " +
      "(tspc on TypeScript 5.9 or 6, npx tamed build on 7, or a bundler with tamed's plugin; npx tamed doctor checks the setup). Otherwise await it instead.\n",
  );
});

test.run();
