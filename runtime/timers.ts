/**
 * The runtime's own timers: Node's, taken once as the runtime loads. A program (fake
 * timers in a test, a batching scheduler) or a module a worker loads may replace the
 * globals, or even node:timers' exports, later; the runtime's grace periods, pings,
 * keep-alive and event-loop turns must still run in real time, or a cancel never ends
 * and a worker never parks. What the user's code schedules is the user's.
 */
import * as timers from "node:timers";

export const { setTimeout, clearTimeout, setInterval, clearInterval, setImmediate } = timers;
