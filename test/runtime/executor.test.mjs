// An AsyncExecutor's own queue (calls beyond its maxThreads wait in it): what leaves the
// queue early, cancelled or refused, never stalls the calls behind it.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { shown } from "./harness.mjs";
import { usingProgram } from "./using.mjs";

const FUNCTIONS = `
  import { AsyncExecutor } from "tamed";
  import { io } from "./define.mjs";
  const after = io("after", async (ms, v) => { await new Promise((resolve) => setTimeout(resolve, ms)); return v; });
`;

test("a call cancelled while it waits in an executor's queue does not stall the calls queued behind it", () => {
  const r = usingProgram(
    `${FUNCTIONS}
    {
      using executor = new AsyncExecutor({ maxThreads: 1 });
      const a = executor.submit(after, 30, "a");
      const b = executor.submit(after, 10, "b");
      const c = executor.submit(after, 10, "c");
      b.cancel();
      console.log(a.wait(), b.status, c.wait());
    }
  `,
    { timeoutMs: 10_000 },
  );
  assert.not.ok(r.hung, shown(r));
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "a cancelled c\n", shown(r));
});

test("an executor at its limit refuses an unmarked function in submit() itself, with TypeError, and goes on with its calls", () => {
  const r = usingProgram(
    `${FUNCTIONS}
    {
      using executor = new AsyncExecutor({ maxThreads: 1 });
      const plain = (x) => x;
      const a = executor.submit(after, 20, "a");
      let refused = "accepted";
      try {
        executor.submit(plain, 1);
      } catch (e) {
        refused = e.name;
      }
      console.log(a.wait(), "|", refused, executor.submit(after, 1, "next").wait());
    }
  `,
    { timeoutMs: 10_000 },
  );
  assert.not.ok(r.hung, shown(r));
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "a | TypeError next\n", shown(r));
});

test.run();
