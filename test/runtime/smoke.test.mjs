// The harness itself: a hand-written marked function runs on a worker thread.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { program, shown } from "./harness.mjs";

test("a function defined with define.mjs runs on a worker thread and inline, with the same result", () => {
  const r = program(`
    import { configure } from "tamed";
    import { cpu } from "./define.mjs";
    const add = cpu("add", (a, b) => a + b);
    const onWorker = cpu("onWorker", () => globalThis[Symbol.for("tamed.worker")] === true);
    console.log(add(2, 3).wait(), onWorker().wait());
    configure({ inline: true });
    console.log(add(2, 3).wait(), onWorker().wait());
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "5 true\n5 false\n");
});

test.run();
