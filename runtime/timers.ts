/**
 * The runtime's own timers and clock: Node's, taken once as the runtime loads. A program
 * (fake timers in a test, a batching scheduler) or a module a worker loads may replace
 * the globals, or even node:timers' exports, later; the runtime's grace periods, pings,
 * deadlines and event-loop turns must still run in real time, or a cancel
 * never ends and a worker never parks. Fake-timer libraries replace the global
 * `performance` as well (its now() stands still until the test ticks the clock): the
 * runtime measures its deadlines (a blocked wait()'s grace, timeoutMs, a scope's
 * deadline) with the `clock` taken here. What the user's code schedules is the user's.
 */
import { performance } from "node:perf_hooks";
import * as timers from "node:timers";

export const { setTimeout, clearTimeout, setInterval, clearInterval, setImmediate } = timers;

/**
 * Milliseconds on the monotonic clock: node:perf_hooks' `performance.now`, as it was when the
 * runtime loaded. Not the global `performance`: fake timers installed before the runtime
 * loaded (a test runner's setup file) replace that object, and leave node:perf_hooks' be.
 */
export const clock: () => number = performance.now.bind(performance);
