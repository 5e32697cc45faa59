// V8 throws away optimized code when a full GC frees a hidden class ("map") it was
// compiled against (runtime/hidden-classes.ts). Calls come in bursts that settle and are
// dropped; if a full GC then found no job, task, scope or awaitAll result alive, the
// next burst would run the call path unoptimized. V8's own trace says when it drops code
// for that reason ("weak objects"): after warm-up bursts, none may.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { usingProgram } from "./using.mjs";
import { shown } from "./harness.mjs";

test("bursts of calls, awaitAll and scopes dropped before full GCs: V8 keeps the call path's optimized code", () => {
  const r = usingProgram(
    `
    import { awaitAll, AsyncScope, configure } from "tamed";
    import { cpu, io } from "./define.mjs";
    configure({ minThreads: 2, maxThreads: 2 });
    const inc = cpu("inc", (x) => x + 1);
    const nap = io("nap", async (ms) => { await new Promise((r) => setTimeout(r, ms)); return ms; });
    async function burst() {
      let sum = 0;
      for (const v of await awaitAll(Array.from({ length: 1000 }, (_, i) => inc(i)))) sum += v;
      for (const v of await awaitAll(Array.from({ length: 500 }, () => nap(1)))) sum += v;
      {
        await using scope = new AsyncScope();
        for (let i = 0; i < 500; i++) scope.spawn(inc, i);
      }
      sum += await inc(1);
      return sum;
    }
    // Warm-up without forced GCs: V8 optimizes the call path (a heap this small gets no full GC by itself).
    for (let i = 0; i < 15; i++) await burst();
    let sums = new Set();
    for (let i = 0; i < 8; i++) {
      sums.add(await burst());
      for (let k = 0; k < 3; k++) {
        globalThis.gc();
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    console.log("sums", [...sums].join(","));
  `,
    { nodeArgs: ["--expose-gc", "--trace-deopt"], timeoutMs: 60_000 },
  );
  assert.is(r.status, 0, shown(r));
  // inc of 0..999 (500,500), 500 naps of 1 ms, inc(1); the scope's tasks are not summed.
  assert.ok(r.stdout.includes("sums 501002\n"), shown(r));
  const dropped = r.stdout.split("\n").filter((line) => line.includes("reason: weak objects"));
  assert.equal(dropped, [], `optimized code thrown away after a full GC:\n${dropped.join("\n")}`);
});

test.run();
