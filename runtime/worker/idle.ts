/**
 * When a worker parks, the policy half of it: how it gets back to its parked loop once
 * the event loop is no longer needed (an event-loop turn first, or a microtask), and how
 * long it watches for the next call before it sleeps. entry.ts owns the parked loop
 * itself (receiving and running calls); this module owns only the timing around it.
 */
import { spinWhile } from "../doorbell.js";
import { SpinPolicy } from "./spin-policy.js";
import { REQUESTS } from "../protocol.js";
import { ctl } from "./replies.js";
import { setImmediate, clock } from "../timers.js";

/**
 * A full event-loop turn (timers, I/O poll, immediates) costs a few microseconds, as
 * much as a whole synchronous call: between calls that come back to back it is taken
 * at most once per TURN_MS. Otherwise the worker parks again from a microtask, after
 * the promise callbacks the call queued; what needs a real turn (due timers, unhandled
 * rejections) runs at the next one, after the calls in between have answered.
 */
const TURN_MS = 1;
let lastTurn = 0;
let scheduled = false;
let park: () => void = () => {};

function turnThenPark(): void {
  lastTurn = clock();
  park();
}

/** Gets back to `parkLoop` soon (once, however often this is called before it runs). */
export function yieldThenPark(parkLoop: () => void): void {
  if (scheduled) return;
  scheduled = true;
  park = parkLoop;
  if (clock() - lastTurn < TURN_MS) queueMicrotask(parkLoop);
  else setImmediate(turnThenPark);
}

/** The parked loop has begun: the next yieldThenPark schedules it again. */
export function parking(): void {
  scheduled = false;
}

/**
 * After a call, watches for the next one for up to SPIN_MS before sleeping: calls that
 * come one after another (each awaited by the caller before the next) then find the
 * worker awake, without a futex wake-up, which costs tens of microseconds on a VM whose
 * idle core has gone to sleep. Bounded, only once after each run of calls, and only
 * while recent watches saw calls (spin-policy.ts).
 */
const SPIN_MS = 0.05;
const policy = new SpinPolicy();
let spun = true;

/** A call ran: the next time the worker is about to sleep, it watches first. */
export function ranCall(): void {
  spun = false;
}

/** Watches `ctl[REQUESTS]` for a change from `seen`, once per run of calls; true when a call came. */
export function watchBeforeSleep(seen: number): boolean {
  if (spun) return false;
  spun = true;
  if (!policy.watch()) return false;
  const came = spinWhile(ctl, REQUESTS, seen, SPIN_MS);
  policy.ended(came);
  return came;
}
