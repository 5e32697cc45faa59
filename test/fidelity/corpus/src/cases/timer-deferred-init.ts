// Setup deferred by a timer at load: `setTimeout(init, 0)` (or 1 ms), the older way to run
// something "once the module has loaded", and an immediate that a timer's callback sets.
// All have run before the main thread's first call, made after its modules loaded; so must
// they before a worker's. Sorted: whether the immediate runs before the 1 ms timer fires
// depends on the clock, on any thread.
import { makeAsync } from "tamed";

const T: string[] = [];
setTimeout(() => {
  T.push("timeout 0");
  setImmediate(() => T.push("immediate after timeout"));
}, 0);
setTimeout(() => T.push("timeout 1"), 1);

export const timerInitOrder = makeAsync((): string => [...T].sort().join(","));
