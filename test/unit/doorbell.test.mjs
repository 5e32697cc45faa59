// runtime/doorbell.ts: the shared counters the pool and its workers ring, and whether a
// ring woke anyone (a caller blocked in wait() does not spin after waking a worker: the
// woken thread's core is what its reply waits for, see pool/blocking.ts).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { ring } from "../../dist/runtime/doorbell.js";

const counters = () => new Int32Array(new SharedArrayBuffer(8)); // [counter, sleepers]

test("a ring with no sleeper counted bumps the counter and says it woke no one", () => {
  const c = counters();
  assert.is(ring(c, 0, 1, 1), false);
  assert.is(Atomics.load(c, 0), 1);
});

test("a ring with a sleeper counted says it woke one", () => {
  const c = counters();
  Atomics.store(c, 1, 1); // what sleep() counts before its Atomics.wait
  assert.is(ring(c, 0, 1, 1), true);
  assert.is(Atomics.load(c, 0), 1);
});

test.run();
