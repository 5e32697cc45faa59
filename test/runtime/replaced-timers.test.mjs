// A program or a worker module may replace the global setImmediate (a batching scheduler,
// fake timers). The runtime's own turns of the event loop (a worker's wait after loading a
// module, its parking, the pool's unref of a new thread) take node:timers' function, so
// calls still answer.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { program, shown } from "./harness.mjs";

const SHIM = `
  globalThis.queued = [];
  globalThis.setImmediate = (fn) => { globalThis.queued.push(fn); return { ref() { return this; }, unref() { return this; }, hasRef: () => false }; };
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

test.run();
