// Setup deferred at load: a microtask, a promise callback, process.nextTick and
// setImmediate (a plugin loader run "after the module loads"). Each has run before the
// main thread's first call; so must they before a worker's.
import { makeAsync } from "tamed";

const T: string[] = [];
queueMicrotask(() => T.push("microtask"));
void Promise.resolve().then(() => T.push("then"));
setImmediate(() => T.push("immediate"));
process.nextTick(() => T.push("tick"));

export const initOrder = makeAsync((): string => [...T].sort().join(","));
