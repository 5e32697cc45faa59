/**
 * The doorbells between the pool and its workers, used by both sides (pool/ and
 * worker/entry.ts): the shared counters each side bumps after it posts a message, and
 * the bounded spin a side does before it sleeps on the other's counter. protocol.ts
 * says which counter is which; this module is how they are rung and watched.
 *
 * Why counters and not only MessagePort events: a thread parked in `Atomics.wait` (an
 * idle worker, a caller blocked in `wait()`) has no event loop running, and a futex
 * wake-up is several times cheaper than a port event anyway.
 */
import { CELLS, DONE } from "./protocol.js";
import { clock } from "./timers.js";

/**
 * Bumps `counter[index]` and wakes its sleepers, if any (`counter[sleepers]` counts
 * them, see sleep): `count` of them, or all when left out. The pool rings a worker's
 * `ctl[REQUESTS]` for its one waiter; a worker rings the pool-wide `wake[REPLIES]` for
 * every caller that may be blocked on it. Most rings find no one asleep (a worker
 * running calls, a caller in its event loop): they skip Atomics.notify, which takes a
 * process-wide lock in V8 even with no one to wake. True when a sleeper was counted
 * (asleep, or about to be, or just woken and not yet uncounted): the ringer then had
 * better leave its core soon (see Slot.ring).
 */
export function ring(counter: Int32Array, index: number, sleepers: number, count?: number): boolean {
  Atomics.add(counter, index, 1);
  if (Atomics.load(counter, sleepers) === 0) return false;
  Atomics.notify(counter, index, count);
  return true;
}

/**
 * Sleeps while `counter[index]` holds `seen` (up to `ms`), counted in `counter[sleepers]`
 * meanwhile. No wake-up is lost: a ring bumps the counter before it reads the sleepers,
 * and this counts itself before Atomics.wait compares, all sequentially consistent; so
 * a ring that reads no sleeper bumped the counter before the comparison, which then
 * returns at once.
 */
export function sleep(counter: Int32Array, index: number, sleepers: number, seen: number, ms?: number): void {
  Atomics.add(counter, sleepers, 1);
  Atomics.wait(counter, index, seen, ms);
  Atomics.sub(counter, sleepers, 1);
}

/**
 * Watches `counter[index]` for up to `ms` milliseconds for a change from `seen`; true
 * when it changed. A message that comes within that finds this thread awake, without a
 * futex wake-up (tens of microseconds on a VM whose idle core has gone to sleep). The
 * watcher is blocked anyway, and the spin is bounded, so long waits lose nothing.
 * The clock is read once per 64 loads: a read costs more than a load.
 */
export function spinWhile(counter: Int32Array, index: number, seen: number, ms: number): boolean {
  const until = clock() + ms;
  do {
    for (let i = 0; i < 64; i++) if (Atomics.load(counter, index) !== seen) return true;
  } while (clock() < until);
  return false;
}

/*
 * Claim cells (protocol.ts CELLS): one compare-and-swap decides whether a call posted
 * to a worker is run there or taken back by the pool, so neither side needs to ask the
 * other. A cell holds the call's id while it waits, -id once the worker claimed it,
 * DONE once its outcome exists, 0 once the pool took it back.
 */

/** Pool: the call `id` waits in `cell` until the worker claims it. */
export function offer(ctl: Int32Array, cell: number, id: number): void {
  Atomics.store(ctl, CELLS + cell, id);
}

/** Pool: true while the call is still waiting in its cell (not claimed, not taken back). */
export function offered(ctl: Int32Array, cell: number, id: number): boolean {
  return Atomics.load(ctl, CELLS + cell) === id;
}

/** Pool: takes the call back before the worker begins it; false if the worker claimed it first. */
export function takeBack(ctl: Int32Array, cell: number, id: number): boolean {
  return Atomics.compareExchange(ctl, CELLS + cell, id, 0) === id;
}

/** Worker: claims the call before it runs it; false if the pool took it back first. */
export function claim(ctl: Int32Array, cell: number, id: number): boolean {
  return Atomics.compareExchange(ctl, CELLS + cell, id, -id) === id;
}

/**
 * Worker: the call's outcome exists (its reply follows); a cancel from now on leaves it
 * be. A swap from -id, not a store: an async call the pool let go (its grace ran out)
 * may end after the pool gave its cell to another call, which must keep it.
 */
export function markDone(ctl: Int32Array, cell: number, id: number): void {
  Atomics.compareExchange(ctl, CELLS + cell, -id, DONE);
}

/** Pool: the call has returned or thrown, and its reply is on its way. */
export function isDone(ctl: Int32Array, cell: number): boolean {
  return Atomics.load(ctl, CELLS + cell) === DONE;
}
