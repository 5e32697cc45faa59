// Settling is iterative: a future's listeners settle the next future without nesting a
// stack frame per link, so chains as long as native promise chains settle.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { program, shown } from "./harness.mjs";

const LINKS = 100_000;

test(`a continueWith chain of ${LINKS} links on a task settles when the task's reply arrives, awaited and waited on`, () => {
  const r = program(`
    import { cpu } from "./define.mjs";
    const one = cpu("one", () => 1);
    for (const how of ["await", "wait"]) {
      let f = one();
      for (let i = 0; i < ${LINKS}; i++) f = f.continueWith((s) => s.value + 1);
      console.log(how, how === "await" ? await f : f.wait());
    }
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, `await ${LINKS + 1}\nwait ${LINKS + 1}\n`, shown(r));
});

test(`${LINKS} Unfutures adopting each other through setResult settle when the last one gets its value`, () => {
  const r = program(`
    import { Unfuture } from "tamed";
    const futures = Array.from({ length: ${LINKS} }, () => new Unfuture());
    for (let i = 0; i < futures.length - 1; i++) futures[i].setResult(futures[i + 1]);
    futures.at(-1).setResult("done");
    console.log(futures[0].wait(), await futures[0]);
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "done done\n", shown(r));
});

test(`a failure runs down a chain of ${LINKS} continuations, each seeing the one before`, () => {
  const r = program(`
    import { cpu } from "./define.mjs";
    const boom = cpu("boom", () => { throw new RangeError("boom"); });
    let f = boom();
    for (let i = 0; i < ${LINKS}; i++) f = f.continueWith((s) => { throw s.exception; });
    try {
      f.wait();
    } catch (e) {
      console.log(e.name, e.message);
    }
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "RangeError boom\n", shown(r));
});

test.run();
