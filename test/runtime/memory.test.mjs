// What a long-lived program must not accumulate. Heap figures are taken after forced
// GCs (--expose-gc) and compared with bounds several times what the fixed code uses and
// well below what the leaks cost; listener counts are exact.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { program, shown } from "./harness.mjs";

const HEAP = `
  async function heapMb() {
    for (let i = 0; i < 4; i++) {
      globalThis.gc();
      await new Promise((resolve) => setImmediate(resolve));
    }
    return process.memoryUsage().heapUsed / 2 ** 20;
  }
`;

test("subscribe and unsubscribe 300,000 times on a future that stays pending: the heap does not grow with the subscriptions", () => {
  const r = program(
    `${HEAP}
    import { Unfuture } from "tamed";
    const pending = new Unfuture();
    const before = await heapMb();
    for (let i = 0; i < 300_000; i++) {
      const unsubscribe = pending.subscribe((v) => console.log(v, i), (e) => console.log(e, i));
      unsubscribe();
    }
    const grown = (await heapMb()) - before;
    console.log(grown < 20 ? "flat" : "grew " + grown.toFixed(1) + " MB");
    pending.setResult("settled"); // unsubscribed: nothing prints
  `,
    { nodeArgs: ["--expose-gc"] },
  );
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "flat\n", shown(r));
});

test("20,000 calls cancelled while waiting for a pending Unfuture argument: neither the calls nor their arguments are kept", () => {
  const r = program(
    `${HEAP}
    import { Unfuture } from "tamed";
    import { cpu } from "./define.mjs";
    const sum = cpu("sum", (gate, xs) => xs.length);
    const gate = new Unfuture();
    const before = await heapMb();
    for (let i = 0; i < 20_000; i++) {
      const t = sum(gate, Array.from({ length: 1000 }, (_, j) => i + j + 0.5)); // about 8 KB each
      t.cancel();
    }
    const grown = (await heapMb()) - before;
    console.log(grown < 30 ? "flat" : "grew " + grown.toFixed(1) + " MB");
    gate.setResult(1);
    console.log(await sum(gate, [1, 2, 3]));
  `,
    { nodeArgs: ["--expose-gc"] },
  );
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "flat\n3\n", shown(r));
});

test("a scope whose exit throws leaves no listener on the outside signal (ScopeError, TimeoutError, WouldDeadlockError)", () => {
  const r = program(`
    import { getEventListeners } from "node:events";
    import { AsyncScope, configure } from "tamed";
    import { cpu, io } from "./define.mjs";
    const boom = cpu("boom", () => { throw new Error("boom"); });
    const slow = io("slow", async () => { await new Promise((resolve) => setTimeout(resolve, 100)); });
    const outside = new AbortController();
    function exit(run, timeoutMs) {
      try {
        const scope = new AsyncScope({ signal: outside.signal, timeoutMs });
        run(scope);
        scope[Symbol.dispose]();
      } catch (e) {
        console.log(e.name, getEventListeners(outside.signal, "abort").length);
      }
    }
    exit((scope) => scope.spawn(boom));
    exit((scope) => scope.spawn(slow), 50);
    configure({ inline: true }); // an inline async task: the blocking exit cannot wait for it
    exit((scope) => scope.spawn(slow), 50);
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "ScopeError 0\nTimeoutError 0\nWouldDeadlockError 0\n", shown(r));
});

test("a pool that was shut down is not kept: its settings listener goes with it", () => {
  // The pool module of the build, not the bundled "tamed": getPool() hands out the Pool itself.
  const r = program(
    `
    import { getPool, shutdown } from "../../../dist/runtime/pool/pool.js";
    const pools = [];
    for (let i = 0; i < 10; i++) {
      pools.push(new WeakRef(getPool()));
      await shutdown();
    }
    for (let i = 0; i < 4; i++) {
      globalThis.gc();
      await new Promise((resolve) => setImmediate(resolve)); // a WeakRef holds its target until the job ends
    }
    console.log(pools.filter((p) => p.deref() !== undefined).length + " of 10 kept");
  `,
    { nodeArgs: ["--expose-gc"] },
  );
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "0 of 10 kept\n", shown(r));
});

test.run();
