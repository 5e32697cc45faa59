// submit, runAsync, spawn and map take marked functions: an unmarked one is refused
// before anything runs, on the caller's thread or anywhere else.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { program, shown } from "./harness.mjs";

const SETUP = `
  import { AsyncExecutor, AsyncScope, runAsync } from "tamed";
  import { cpu } from "./define.mjs";
  let calls = 0;
  function square(x) { calls++; return x * x; }
  const marked = cpu("marked", (x) => x * x);
  const tries = {
    "executor.submit": () => new AsyncExecutor().submit(square, 3),
    runAsync: () => runAsync(square, 3),
    "scope.spawn": () => new AsyncScope().spawn(square, 3),
    "executor.map": () => new AsyncExecutor().map(square, [3]),
  };
`;

test("submit, runAsync, spawn and map refuse an unmarked function before calling it: TypeError naming the call and the wrapper form", () => {
  const r = program(`${SETUP}
    for (const [name, run] of Object.entries(tries)) {
      try {
        run();
        console.log(name, "accepted it");
      } catch (e) {
        console.log(name, e.name, e.message);
      }
    }
    console.log("calls:", calls);
  `);
  assert.is(r.status, 0, shown(r));
  const lines = r.stdout.trim().split("\n");
  assert.is(lines.pop(), "calls: 0", shown(r));
  assert.is(lines.length, 4, shown(r));
  for (const line of lines) {
    const call = line.split(" ")[0];
    const method = call.split(".").pop();
    assert.ok(line.startsWith(`${call} TypeError ${method}(): square is not marked to run on a worker thread`), line);
    assert.ok(line.includes("makeAsync((") && line.includes("square("), `shows the wrapper form: ${line}`);
  }
});

test("marked functions are still taken by submit, runAsync, spawn and map", () => {
  const r = program(`${SETUP}
    const ex = new AsyncExecutor();
    const scope = new AsyncScope();
    console.log(await ex.submit(marked, 3), await runAsync(marked, 4), await scope.spawn(marked, 5), [...ex.map(marked, [6, 7])].join(","));
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "9 16 25 36,49\n", shown(r));
});

test("in inline mode an unmarked function still runs, on the calling thread (as a function literal the transformer did not compile does)", () => {
  const r = program(
    `${SETUP}
    console.log(await runAsync(square, 3), await new AsyncExecutor().submit(square, 4), "calls:", calls);
  `,
    { env: { TAMED_INLINE: "1" } },
  );
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "9 16 calls: 2\n", shown(r));
});

test.run();
