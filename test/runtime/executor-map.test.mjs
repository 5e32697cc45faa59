// executor.map's results: every failure is the iteration's to throw, never an
// unhandled rejection, whether it settles before the loop reaches it or after the loop ended.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { program, shown } from "./harness.mjs";

const FUNCTIONS = `
  import { AsyncExecutor } from "tamed";
  import { cpu } from "./define.mjs";
  // Fails for odd items, at once; even items take a while, so the failures settle first.
  const check = cpu("check", (n) => {
    if (n % 2 === 1) throw new RangeError("odd " + n);
    const end = Date.now() + 50;
    while (Date.now() < end);
    return n;
  });
`;

test("for await over map(): a failure that settled before the loop reached it is thrown by the loop, and the process lives on", () => {
  const r = program(`${FUNCTIONS}
    const executor = new AsyncExecutor();
    const seen = [];
    try {
      for await (const n of executor.map(check, [0, 2, 1, 3, 5])) seen.push(n);
    } catch (e) {
      seen.push(e.message);
    }
    await new Promise((resolve) => setTimeout(resolve, 200)); // the later failures have settled meanwhile
    console.log(seen.join(", "), "| alive");
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "0, 2, odd 1 | alive\n", shown(r));
});

test("for...of and spread over map(): the first failure is thrown, the others are not unhandled rejections", () => {
  const r = program(`${FUNCTIONS}
    const executor = new AsyncExecutor();
    for (const run of [(items) => { for (const n of executor.map(check, items)); }, (items) => [...executor.map(check, items)]]) {
      try {
        run([1, 3, 5, 0]);
      } catch (e) {
        console.log("caught", e.message);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    console.log("alive");
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "caught odd 1\ncaught odd 1\nalive\n", shown(r));
});

test("map()'s futures stay readable: each failure is on its future's exception", () => {
  const r = program(`${FUNCTIONS}
    const executor = new AsyncExecutor();
    const results = executor.map(check, [1, 2, 3]);
    executor.shutdown();
    console.log(results.futures.map((f) => f.status + ":" + (f.exception?.message ?? f.value)).join(" "));
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "failure:odd 1 success:2 failure:odd 3\n", shown(r));
});

test.run();
