// shutdown(): what it cancels stays cancelled, and a new pool takes the calls after it.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { program, shown } from "./harness.mjs";

test("a call waiting for an Unfuture argument is cancelled by shutdown() and stays cancelled when the argument arrives; a new pool runs the next call", () => {
  const r = program(`
    import { Unfuture, shutdown } from "tamed";
    import { cpu } from "./define.mjs";
    const add = cpu("add", (a, b) => a + b);
    const gate = new Unfuture();
    const waiting = add(gate, 1);
    await shutdown();
    gate.setResult(41);
    await new Promise((resolve) => setTimeout(resolve, 20));
    console.log(waiting.status, "| a new pool works:", add(20, 22).wait());
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "cancelled | a new pool works: 42\n", shown(r));
});

test.run();
