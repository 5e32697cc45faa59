// transfer(): a marked buffer is moved to the worker by the call it is given to, and only
// by a call on the pool.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { program, shown } from "./harness.mjs";

const FUNCTIONS = `
  import { configure, transfer } from "tamed";
  import { cpu } from "./define.mjs";
  const add = cpu("add", (a, b) => a + b);
  const sum = cpu("sum", (bytes, extra) => bytes.reduce((a, b) => a + b, extra));
`;

test("transfer() moves a buffer also when another argument of the call is an Unfuture", () => {
  const r = program(`${FUNCTIONS}
    const buf = new Uint8Array(1024).fill(1);
    const total = sum(transfer(buf), add(1, 1)).wait();
    console.log("moved:", buf.byteLength === 0, "| result:", total);
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "moved: true | result: 1026\n", shown(r));
});

test("a buffer marked with transfer() for a call in inline mode is not moved by a later call on the pool", () => {
  const r = program(`${FUNCTIONS}
    const kept = new Uint8Array(8).fill(1);
    configure({ inline: true });
    const inline = sum(transfer(kept), 0).wait();
    configure({ inline: false });
    const pooled = sum(kept, 0).wait();
    console.log(inline, pooled, "| length after both:", kept.byteLength);
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "8 8 | length after both: 8\n", shown(r));
});

test.run();
