// Placement against the clock: a call never waits for a new thread to start, or behind a
// slow call, while a thread that is already running could take it.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { program, shown } from "./harness.mjs";

const BUSY = `(ms) => { const end = Date.now() + ms; while (Date.now() < end); return ms; }`;

test("a warm idle thread takes new work before a new thread starts: a CPU-bound call made while the only thread is busy", () => {
  const r = program(
    `
    import { configure } from "tamed";
    import { cpu } from "./define.mjs";
    configure({ maxThreads: 2 });
    const busy = cpu("busy", ${BUSY});
    const quick = cpu("quick", (x) => x + 1);
    await busy(1); // one thread, warm
    const a = busy(5);
    const t0 = performance.now();
    const q = quick(1); // no idle thread: a second one starts; the first is free in 5 ms
    await q;
    const ms = performance.now() - t0;
    await a;
    console.log("on the warm thread:", q.threadId === a.threadId);
    console.error(\`quick settled after \${ms.toFixed(1)} ms\`);
  `,
    { timeoutMs: 15_000 },
  );
  assert.not.ok(r.hung, shown(r));
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "on the warm thread: true\n", shown(r));
});

test("no fast call waits behind a slow call at a busy worker while another worker is idle", () => {
  const r = program(
    `
    import { awaitAll, configure } from "tamed";
    import { cpu } from "./define.mjs";
    configure({ maxThreads: 2 });
    const f = cpu("f", ${BUSY});
    await awaitAll(Array.from({ length: 20 }, () => f(0))); // two threads, warm; f measured fast
    const slow = f(2000); // f is measured fast, so calls may wait behind this one (long: a loaded machine is slow to run the rest)
    const fast = Array.from({ length: 10 }, () => f(0)); // on the other thread, and behind the slow call
    const t0 = performance.now();
    await awaitAll(fast);
    const ms = performance.now() - t0;
    console.log("every fast call done while the slow one runs:", slow.status === "running");
    await slow;
    console.error(\`fast calls done after \${ms.toFixed(1)} ms\`);
  `,
    { timeoutMs: 15_000 },
  );
  assert.not.ok(r.hung, shown(r));
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "every fast call done while the slow one runs: true\n", shown(r));
});

test("an async call sent to a starting thread while every CPU thread was busy moves to a CPU thread that frees up first", () => {
  const r = program(
    `
    import { awaitAll, configure } from "tamed";
    import { cpu, io } from "./define.mjs";
    configure({ maxThreads: 2 });
    // Spins until the caller lets it go: the CPU threads free up when the caller says, not after a guessed time.
    const hold = cpu("hold", (sab) => { const f = new Int32Array(sab); Atomics.add(f, 1, 1); while (Atomics.load(f, 0) === 0); return 0; });
    const hello = io("hello", async (o) => o.n);
    const flag = new Int32Array(new SharedArrayBuffer(8));
    const running = async (n) => { while (Atomics.load(flag, 1) < n) await new Promise((r) => setTimeout(r, 1)); };
    // Two threads, both warm: two calls running at once.
    const warmUp = [hold(flag.buffer), hold(flag.buffer)];
    await running(2);
    Atomics.store(flag, 0, 1);
    await awaitAll(warmUp);
    Atomics.store(flag, 0, 0);
    const a = hold(flag.buffer);
    const b = hold(flag.buffer);
    await running(4); // the CPU lane is full
    const arg = { n: 1 };
    const h = hello(arg); // no thread can take it: a new one starts for it
    arg.n = 2; // sent again from where it moved, the call still gets what it was called with
    Atomics.store(flag, 0, 1); // the CPU threads free up, long before a new thread could start
    await awaitAll([a, b, h]);
    console.log("ran on a thread that was warm:", h.threadId === a.threadId || h.threadId === b.threadId, "with", await h);
  `,
    { timeoutMs: 15_000 },
  );
  assert.not.ok(r.hung, shown(r));
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "ran on a thread that was warm: true with 1\n", shown(r));
});

test.run();
