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

test.run();
