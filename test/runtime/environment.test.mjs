// process.env on a worker is the calling thread's, as it is at the call: a marked function
// reads what it would read inline, also a variable set after its worker started, and what
// it sets is the caller's too (Node gives each worker a copy by default; tamed shares it).
// process.argv after the script's path is the program's too (Node gives a worker none).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { program, shown } from "./harness.mjs";

test("a worker reads process.env as the caller has it at the call, also a variable set after the worker started", () => {
  const r = program(`
    import { cpu } from "./define.mjs";
    const read = cpu("read", (name) => process.env[name] ?? "<unset>");
    const before = await read("TAMED_TEST_FLAG"); // starts the worker
    process.env.TAMED_TEST_FLAG = "set later";
    console.log(before, "|", await read("TAMED_TEST_FLAG"));
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "<unset> | set later\n", shown(r));
});

test("a variable a marked function sets in process.env is the caller's afterwards, as inline", () => {
  const r = program(`
    import { cpu } from "./define.mjs";
    const write = cpu("write", (name, value) => { process.env[name] = value; return true; });
    await write("TAMED_TEST_SET_BY_WORKER", "from a worker");
    console.log(process.env.TAMED_TEST_SET_BY_WORKER);
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "from a worker\n", shown(r));
});

test("a worker sees the program's command-line arguments in process.argv, as a CLI's parseArgs or minimist reads them inline", () => {
  const r = program(
    `
    import { parseArgs } from "node:util";
    import { cpu } from "./define.mjs";
    // define.mjs sends the function's source: it reaches node:util from the worker.
    const read = cpu("read", () => {
      const { parseArgs } = process.getBuiltinModule("node:util");
      return JSON.stringify([process.argv.slice(2), parseArgs({ strict: false }).values]);
    });
    console.log(await read());
    console.log(JSON.stringify([process.argv.slice(2), parseArgs({ strict: false }).values]));
  `,
    { args: ["--verbose", "--level=3", "input.txt"] },
  );
  assert.is(r.status, 0, shown(r));
  const [onWorker, inline] = r.stdout.trim().split("\n");
  assert.is(inline, '[["--verbose","--level=3","input.txt"],{"verbose":true,"level":"3"}]', shown(r));
  assert.is(onWorker, inline, shown(r));
});

test.run();
