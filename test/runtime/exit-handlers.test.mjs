// A worker module's process.on("exit") handlers run when its thread ends, as the main
// thread's do when the program ends: what a logger flushes there (pino's transports do)
// is not lost. Node ends a worker without them when the program ends or when it is
// terminated, so the pool ends its idle workers itself.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { program, shown } from "./harness.mjs";

// A module-level exit handler, as a logger registers one: it writes straight to fd 1, as
// a log transport does, and through console.log, which the worker forwards.
const FLUSHES_AT_EXIT = `
  import { writeSync } from "node:fs";
  process.on("exit", (code) => {
    writeSync(1, "flushed to fd " + code + "\\n");
    console.log("flushed by console");
  });
`;

test("a worker module's exit handlers run when the program ends", () => {
  const r = program(`
    import { cpu, io } from "./define.mjs";
    const prelude = ${JSON.stringify(FLUSHES_AT_EXIT)};
    const square = cpu("square", (n) => n * n, { prelude });
    console.log("result", await square(7));
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "result 49\nflushed to fd 0\nflushed by console\n", shown(r));
});

test("the exit handlers of a worker that ran async tasks run when the program ends", () => {
  const r = program(`
    import { io } from "./define.mjs";
    const prelude = ${JSON.stringify(FLUSHES_AT_EXIT)};
    const later = io("later", async (n) => { await new Promise((r) => setTimeout(r, 5)); return n + 1; }, { prelude });
    console.log("result", later(1).wait());
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "result 2\nflushed to fd 0\nflushed by console\n", shown(r));
});

test("each worker that loaded the module runs its exit handlers once, as the main thread would", () => {
  const r = program(`
    import { configure } from "tamed";
    import { cpu } from "./define.mjs";
    configure({ maxThreads: 2 });
    const prelude = ${JSON.stringify(FLUSHES_AT_EXIT)};
    const spin = cpu("spin", (ms) => { const end = Date.now() + ms; while (Date.now() < end); return ms; }, { prelude });
    console.log("results", (await Promise.all([spin(200), spin(200)])).join(" "));
  `);
  assert.is(r.status, 0, shown(r));
  const lines = r.stdout.split("\n");
  assert.is(lines[0], "results 200 200", shown(r));
  assert.is(lines.filter((l) => l === "flushed to fd 0").length, 2, shown(r));
  assert.is(lines.filter((l) => l === "flushed by console").length, 2, shown(r));
});

test("a worker stopped after idleTimeoutMs runs its exit handlers", () => {
  const r = program(`
    import { configure, poolStats } from "tamed";
    import { cpu } from "./define.mjs";
    configure({ idleTimeoutMs: 50 });
    const prelude = ${JSON.stringify(FLUSHES_AT_EXIT)};
    const square = cpu("square", (n) => n * n, { prelude });
    console.log("result", await square(3));
    await new Promise((r) => setTimeout(r, 500));
    console.log("threads after idling", poolStats().threads);
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "result 9\nflushed to fd 0\nflushed by console\nthreads after idling 0\n", shown(r));
});

test("shutdown() lets idle workers run their exit handlers before it resolves", () => {
  const r = program(`
    import { shutdown } from "tamed";
    import { cpu } from "./define.mjs";
    const prelude = ${JSON.stringify(FLUSHES_AT_EXIT)};
    const square = cpu("square", (n) => n * n, { prelude });
    console.log("result", await square(6));
    await shutdown();
    console.log("shut down");
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "result 36\nflushed to fd 0\nflushed by console\nshut down\n", shown(r));
});

// An exit handler that takes 300 ms before it writes.
const SLOW_FLUSH = `
  import { writeSync } from "node:fs";
  process.on("exit", () => {
    const end = Date.now() + 300;
    while (Date.now() < end);
    writeSync(1, "flushed\\n");
  });
`;

test("shutdown() waits for workers that idleTimeoutMs was already ending", () => {
  const r = program(`
    import { configure, shutdown } from "tamed";
    import { cpu } from "./define.mjs";
    configure({ idleTimeoutMs: 50 });
    const prelude = ${JSON.stringify(SLOW_FLUSH)};
    const square = cpu("square", (n) => n * n, { prelude });
    console.log("result", await square(3));
    await new Promise((r) => setTimeout(r, 100));
    await shutdown();
    console.log("shut down");
    process.exit(0);
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "result 9\nflushed\nshut down\n", shown(r));
});

test("an error thrown by a worker module's exit handler is reported, and the program exits with status 1 as it would inline", () => {
  const r = program(`
    import { cpu } from "./define.mjs";
    const prelude = 'process.on("exit", () => { throw new Error("boom in an exit handler"); });';
    const square = cpu("square", (n) => n * n, { prelude });
    console.log("result", await square(3));
  `);
  assert.is(r.status, 1, shown(r));
  assert.is(r.stdout, "result 9\n", shown(r));
  assert.match(
    r.stderr,
    /a process\.on\("exit"\) handler of worker thread \d+ \(which ran square\(\) last\) threw as the thread ended/,
    shown(r),
  );
  assert.match(r.stderr, /Error: boom in an exit handler/, shown(r));
});

test("an exit handler on a worker that never returns does not keep the program from ending", () => {
  const r = program(
    `
    import { cpu } from "./define.mjs";
    const prelude = 'process.on("exit", () => { for (;;); });';
    const square = cpu("square", (n) => n * n, { prelude });
    console.log("result", await square(5));
  `,
    { timeoutMs: 20_000 },
  );
  assert.not.ok(r.hung, shown(r));
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "result 25\n", shown(r));
});

test("a program that calls process.exit() itself still ends at once", () => {
  const r = program(`
    import { cpu } from "./define.mjs";
    const prelude = ${JSON.stringify(FLUSHES_AT_EXIT)};
    const square = cpu("square", (n) => n * n, { prelude });
    console.log("result", await square(4));
    process.exit(3);
  `);
  assert.is(r.status, 3, shown(r));
  assert.is(r.stdout, "result 16\n", shown(r));
});

test.run();
