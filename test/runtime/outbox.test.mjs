// Calls to a worker that already has work go to it as one message at the end of the
// caller's synchronous run (runtime/pool/outbox.ts): nothing a caller can do in that run
// may see them not sent yet.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { program, shown } from "./harness.mjs";

test("calls gathered for one message reach the worker before the caller blocks in wait() in the same run", () => {
  const r = program(
    `
    import { configure } from "tamed";
    import { io } from "./define.mjs";
    configure({ maxThreads: 1 });
    const inc = io("inc", async (x) => x + 1);
    await inc(0); // one thread, warm: async calls all go to it
    const tasks = Array.from({ length: 40 }, (_, i) => inc(i));
    // Still in the run that made the calls: the last ones have not been sent when this blocks.
    console.log(tasks[39].wait({ timeoutMs: 10_000 }), tasks.map((t) => t.wait()).join(","));
  `,
    { timeoutMs: 20_000 },
  );
  assert.not.ok(r.hung, shown(r));
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, `40 ${Array.from({ length: 40 }, (_, i) => i + 1).join(",")}\n`, shown(r));
});

test("a call cancelled while it waits to be sent never runs; the calls around it do", () => {
  const r = program(
    `
    import { awaitAll, configure } from "tamed";
    import { io } from "./define.mjs";
    configure({ maxThreads: 1 });
    const runs = new Int32Array(new SharedArrayBuffer(4 * 40));
    const mark = io("mark", async (sab, i) => { Atomics.add(new Int32Array(sab), i, 1); return i; });
    await mark(runs.buffer, 0);
    Atomics.store(runs, 0, 0);
    const tasks = Array.from({ length: 40 }, (_, i) => mark(runs.buffer, i));
    console.log("cancelled:", tasks[30].cancel());
    await Promise.allSettled(tasks);
    console.log("statuses:", tasks.filter((t) => t.status === "success").length, "success,", tasks[30].status);
    const counts = Array.from(runs);
    console.log("ran twice:", counts.some((n) => n > 1), "never ran:", counts.flatMap((n, i) => (n === 0 ? [i] : [])).join(","));
  `,
    { timeoutMs: 20_000 },
  );
  assert.not.ok(r.hung, shown(r));
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "cancelled: true\nstatuses: 39 success, cancelled\nran twice: false never ran: 30\n", shown(r));
});

test.run();
