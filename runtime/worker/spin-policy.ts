/**
 * Whether a worker that has run out of calls watches for the next one before it sleeps
 * (doorbell.ts spinWhile), decided from how its recent watches ended. Pure and
 * deterministic, so it is tested without threads (test/unit/spin-policy.test.mjs).
 *
 * A watch that sees a call saves the futex wake-up both sides would pay (on a VM whose
 * idle core has gone to sleep, tens of microseconds of latency, and 10-14 µs of the
 * ringer's CPU); one that sees none costs its whole length in CPU. Calls awaited one
 * after another, or a burst, come within it. Calls a few milliseconds apart never do,
 * nor do the jobs a cluster worker process takes from Redis: there, on 2 cores shared
 * with Redis and the callers, 5 watches in 1,337 saw a call, since the watching thread
 * held the core that the worker process's main thread needed to post that call. Gaps
 * measured while not watching said half of those calls would have been seen: a watch
 * changes what it watches for, so only watches are counted.
 *
 * So the worker keeps a running share of its watches that saw a call, watches while it
 * is high, and otherwise watches once every PROBE_EVERY runs of calls, to notice when
 * calls come close again: one such watch that sees a call is enough. A worker of a pool
 * of several that the caller's calls left alone for a while (they went to another)
 * stops watching, and must be back at once when they come to it.
 */

/** How much the latest watch counts in the running share (an exponential average). */
const WEIGHT = 1 / 8;

/**
 * Watched while at least this share of the recent watches saw a call. A watch that sees
 * nothing costs about three times what one that sees a call saves, so below a half it
 * loses CPU; above, the latency it saves is worth what it costs.
 */
const WORTH = 1 / 2;

/** While not watching, one run of calls in this many is still followed by a watch. */
export const PROBE_EVERY = 8;

export class SpinPolicy {
  /** The running share of watches that saw a call: 1 at first, so the first calls find a watching worker. */
  #seen = 1;
  /** Runs of calls since the last watch, while not watching. */
  #skipped = 0;

  /** The worker has run out of calls: true when it should watch before it sleeps (then say how it ended). */
  watch(): boolean {
    if (this.#seen >= WORTH) return true;
    if (++this.#skipped < PROBE_EVERY) return false;
    this.#skipped = 0;
    return true;
  }

  /** How the watch watch() asked for ended: a call came (`saw`), or it ran out. */
  ended(saw: boolean): void {
    if (saw && this.#seen < WORTH) this.#seen = 1;
    else this.#seen += ((saw ? 1 : 0) - this.#seen) * WEIGHT;
  }
}
