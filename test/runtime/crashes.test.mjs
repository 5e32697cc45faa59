// Errors no call is there to receive are reported on stderr, naming the function; a
// worker module that ends its thread while loading says so.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { program, shown } from "./harness.mjs";

const OUTCOME = `
  const describe = (e) => e instanceof Error ? e.constructor.name + ": " + e.message : "thrown " + typeof e + " " + String(e);
  const outcome = (f) => { try { return "value " + String(f()); } catch (e) { return describe(e); } };
  const show = (p) => p.then((v) => "value " + String(v), describe);
`;

test("an error thrown by a timer after the function returned is reported on stderr, naming the function, and the calls beside it finish", () => {
  const r = program(`
    import { configure } from "tamed";
    import { io } from "./define.mjs";
    ${OUTCOME}
    configure({ maxThreads: 1 });
    const leave = io("leave", async (label) => {
      setTimeout(() => { console.log("printed before the throw"); throw new Error("late failure " + label); }, 20);
      return "returned";
    });
    const nap = io("nap", async (ms) => { await new Promise((r) => setTimeout(r, ms)); return "napped"; });
    console.log(await leave("a"));
    console.log(await show(nap(200))); // the timer fires while this runs, on the same worker
    console.log(leave("b").wait());
    console.log(outcome(() => nap(200).wait()));
    console.log(await show(nap(1)));
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "returned\nprinted before the throw\nvalue napped\nreturned\nprinted before the throw\nvalue napped\nvalue napped\n", shown(r));
  for (const label of ["a", "b"]) {
    assert.match(r.stderr, new RegExp(`leave\\(\\) threw after it had returned[^\\n]*\\n(.*\\n)*Error: late failure ${label}\\n\\s+at Timeout`), shown(r));
  }
});

test("a worker that dies while running no call says so on stderr, naming the function it ran last", () => {
  const r = program(`
    import { cpu } from "./define.mjs";
    ${OUTCOME}
    const quit = cpu("quit", () => { setImmediate(() => process.exit(4)); return "returned"; });
    const add = cpu("add", (a, b) => a + b);
    console.log(quit().wait());
    await new Promise((r) => setTimeout(r, 200));
    console.log(outcome(() => add(1, 2).wait()));
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "returned\nvalue 3\n", shown(r));
  assert.match(r.stderr, /worker thread \d+, which ran quit\(\) last, exited with code 4 while it ran no call/, shown(r));
});

test("a worker module that calls process.exit while loading fails the call with WorkerModuleError saying so", () => {
  const r = program(`
    import { cpu } from "./define.mjs";
    ${OUTCOME}
    const doomed = cpu("doomed", () => 1, { prelude: "process.exit(2);" });
    const add = cpu("add", (a, b) => a + b);
    console.log(outcome(() => doomed().wait()));
    console.log(await show(doomed()));
    console.log(outcome(() => add(1, 2).wait()));
  `);
  assert.is(r.status, 0, shown(r));
  const lines = r.stdout.split("\n");
  for (const line of lines.slice(0, 2)) {
    assert.ok(line.startsWith("WorkerModuleError: doomed(): its worker module ended the worker thread while loading (exit code 2)"), shown(r));
  }
  assert.is(lines[2], "value 3", shown(r));
});

test.run();
