// Futures given as arguments: a call waits for them, inline as on the pool, and a
// cancelled one cancels the call rather than failing it.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { program, shown } from "./harness.mjs";

test("in inline mode a call waits for a task given as an argument and gets its value", () => {
  const r = program(`
    import { configure } from "tamed";
    import { cpu } from "./define.mjs";
    const add = cpu("add", (a, b) => a + b);
    configure({ inline: true });
    console.log(add(add(1, 2), 10).wait());
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "13\n", shown(r));
});

test("a cancelled Unfuture argument cancels the call (status cancelled, not failure), inline and on the pool", () => {
  const r = program(`
    import { Unfuture, configure } from "tamed";
    import { cpu } from "./define.mjs";
    const add = cpu("add", (a, b) => a + b);
    const statuses = [];
    for (const inline of [true, false]) {
      configure({ inline });
      const input = new Unfuture();
      const call = add(input, 1);
      input.cancel("not needed");
      await call.then(undefined, () => undefined);
      statuses.push((inline ? "inline " : "pool ") + call.status);
    }
    console.log(statuses.join(", "));
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "inline cancelled, pool cancelled\n", shown(r));
});

test.run();
