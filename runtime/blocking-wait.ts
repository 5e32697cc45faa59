/**
 * A thread blocked in wait(): the loop that runs while it waits, and the driver that
 * moves the worker pool meanwhile (the event loop cannot run, so nothing else would).
 */
import { fireDue, nextDeadline } from "./deadlines.js";
import { TimeoutError, WouldDeadlockError } from "./errors.js";
import { checkOptions, checkTimeout } from "./options.js";
import { hasQueued, runQueue } from "./settle-queue.js";
import { clock } from "./timers.js";

const WAIT_OPTIONS = ["timeoutMs"];

/** `wait({ timeoutMs })` and its aliases: unknown keys are refused, as configure() refuses them. */
export function waitTimeout(owner: string, opts: unknown): number | undefined {
  const o = checkOptions(owner, opts, WAIT_OPTIONS, "{ timeoutMs: 1000 }");
  return o?.["timeoutMs"] === undefined ? undefined : checkTimeout(owner, "timeoutMs", o["timeoutMs"], true);
}

/**
 * Something that can settle futures while the calling thread is blocked, without
 * the thread's event loop: the worker pool, which reads replies straight off its
 * ports. `progress` blocks until something happened (or the deadline passed) and
 * returns false when nothing is in flight that could ever settle a future.
 */
export interface Driver {
  progress(deadline: number): boolean;
}

/** The pool, once it has started; a cluster backend (tamed/bullmq) while it is open. */
const drivers: Driver[] = [];

/**
 * How long one driver may block while another has a turn: a wait on a chain that hangs
 * on a cluster call and a pool task at once hears from each within this.
 */
const TURN_MS = 2;

/** @internal The pool registers itself here when it starts; a cluster backend as it opens. */
export function addDriver(d: Driver): void {
  if (!drivers.includes(d)) drivers.push(d);
}

/** @internal A cluster backend, as it closes. */
export function removeDriver(d: Driver): void {
  const i = drivers.indexOf(d);
  if (i >= 0) drivers.splice(i, 1);
}

/** Lets every driver move; false when none has anything in flight. */
function progress(deadline: number): boolean {
  if (drivers.length <= 1) return drivers[0]?.progress(deadline) ?? false;
  const turn = Math.min(deadline, clock() + TURN_MS);
  let moved = false;
  for (const d of drivers) if (d.progress(turn)) moved = true;
  return moved;
}

/**
 * Blocks until `pending()` is false: runs queued settle listeners, fires due deadlines
 * and lets the driver move the pool. Throws WouldDeadlockError when nothing could end
 * the wait, TimeoutError after `timeoutMs`. `what` names the awaited future in both.
 */
export function blockWhile(pending: () => boolean, what: () => string, timeoutMs: number | undefined): void {
  const deadline = timeoutMs === undefined ? Infinity : clock() + timeoutMs;
  while (pending()) {
    // Inside a settle listener (a callback that waits), the listeners queued behind it
    // may be what settles this future: they run here, not after the wait.
    if (hasQueued()) {
      runQueue();
      continue;
    }
    // Timers due meanwhile (a scope's deadline): the event loop cannot fire them now.
    if (fireDue()) continue;
    const moved = progress(nextDeadline(deadline));
    if (!pending()) return; // settled by what progress() did (a reply, an expired grace)
    if (!moved) {
      throw new WouldDeadlockError(
        `wait() on ${what()} would block forever: nothing running on a worker thread can settle it, ` +
          `only this thread's event loop could (a plain promise, a timer, I/O). Use await instead of wait() here.`,
      );
    }
    if (clock() >= deadline) {
      throw new TimeoutError(`wait() on ${what()} timed out after ${timeoutMs} ms; it is still running`);
    }
  }
}
