/**
 * What holds the process open while calls are out at workers: one unref'd timer of the
 * pool, ref'd while `pool.inflight` is above zero. Workers and their ports are unref'd
 * for good (workers.ts spawn), so an idle pool never keeps a program from ending.
 *
 * Why a timer and not the workers themselves: ref'ing a worker and its port is three
 * native calls, and unref'ing them three more, on every call that finds the pool idle
 * (a server's requests apart in time); a timer's ref and unref are a counter in
 * JavaScript, and one native call only when no other timer of the process is ref'd.
 * On a 2-core VM, the six calls and the turn that batched the unref cost a call after
 * 5 ms idle about 40 µs of its ~230 (bench/ spaced call, p50).
 */
import type { Pool } from "./pool.js";
import { setInterval } from "../timers.js";

/** Longest timer Node keeps as given (2^31 - 1 ms, 24.8 days); a longer one fires after 1 ms. */
const FOREVER_MS = 2 ** 31 - 1;

export type KeepAlive = ReturnType<typeof setInterval>;

/** The pool's timer, unref'd: it holds nothing until a call goes out. */
export function keepAlive(): KeepAlive {
  return setInterval(() => {}, FOREVER_MS).unref();
}

/** A call was posted to a worker: the first one out holds the process open. */
export function callOut(pool: Pool): void {
  if (pool.inflight++ === 0) pool.keepAlive.ref();
}

/** `n` calls left their workers (answered, taken back, or lost with their worker): the last lets the process go. */
export function callsBack(pool: Pool, n = 1): void {
  pool.inflight -= n;
  if (pool.inflight === 0 && n > 0) pool.keepAlive.unref();
}
