/**
 * The driver of a blocking wait(): while a caller is blocked, its event loop does not
 * run, so the pool moves by itself from here. progress() reads every reply already
 * posted (which frees workers, which takes the next queued calls), expires graces and
 * pings that are due, notices workers that died without a word, and otherwise sleeps
 * on the pool-wide replies counter, after a short spin.
 */
import { sleep, spinWhile } from "../doorbell.js";
import { REPLIES, WAITERS } from "../protocol.js";
import { expireDue, nextDeadline } from "./cancel.js";
import { PROBE_MS, reapStopped } from "./crashes.js";
import { pump } from "./dispatch.js";
import type { Pool } from "./pool.js";
import type { Slot } from "./slot.js";
import { drain } from "./replies.js";
import { clock } from "../timers.js";

/**
 * How long a caller blocked in wait() watches for a reply before it sleeps. A short
 * call's reply usually comes within that, and a thread that never slept needs no futex
 * wake-up (see doorbell.ts spinWhile). Not while a worker it rang asleep is waking
 * (Slot.waking): that reply takes longer than the spin, and the spin held it back.
 */
const SPIN_MS = 0.05;

const isWaking = (slot: Slot): boolean => slot.waking;

/** Blocks until a reply arrives (or the deadline), handling every reply that is there. */
export function progress(pool: Pool, deadline: number): boolean {
  // Blocked inside a callback run from a batch of replies (a continuation that waits):
  // the queue that batch holds back moves now, or the call waited on may never start.
  if (pool.holdPump) {
    pool.holdPump = false;
    pump(pool);
  }
  const seen = Atomics.load(pool.wake, REPLIES);
  // Every reply bumps the counter: unchanged since the last drain, no port has news.
  if (seen !== pool.drainedAt) {
    // Recorded once every port has been read, not before: a reply read here may run a
    // callback that blocks in wait() (and comes back here) while the ports after its
    // own are still unread. Had the counter been recorded first, that nested wait would
    // take the replies waiting there as read, and wait for new ones forever.
    const read = drain(pool);
    pool.drainedAt = seen;
    if (read > 0) return true;
  }
  if (reapStopped(pool)) return true;
  expireDue(pool, clock());
  // An unanswered ping holds back the queue (no new call goes to that worker) and its
  // answer, or its deadline, moves it: waiting for it is not a deadlock.
  if (pool.inflight === 0 && !pool.slots.some((s) => s.ping !== undefined)) return false;
  // A worker that dies without a word wakes no one: look again every PROBE_MS.
  const left = Math.min(nextDeadline(pool, deadline), clock() + PROBE_MS) - clock();
  if (left <= 0) return true;
  if (!pool.slots.some(isWaking) && spinWhile(pool.wake, REPLIES, seen, SPIN_MS)) return true;
  sleep(pool.wake, REPLIES, WAITERS, seen, left);
  return true;
}
