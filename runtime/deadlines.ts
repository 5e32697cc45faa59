/**
 * Timers that keep time while this thread is blocked in `wait()`.
 *
 * A thread blocked in `wait()` does not run its event loop, so a `setTimeout` that falls
 * due meanwhile fires only after the wait: a scope's `timeoutMs` could not cut short a
 * `wait()` inside its own block, and a task that never stops would block it forever. A
 * deadline is a timer that the blocking loop also knows about: it sleeps no longer than
 * the nearest one and fires those that are due itself. Whichever comes first, the event
 * loop's timer or the blocking loop, fires it, once.
 */
import { setTimeout, clearTimeout, clock } from "./timers.js";

interface Entry {
  readonly at: number;
  readonly fire: () => void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

const entries = new Set<Entry>();

function fire(entry: Entry): void {
  if (!entries.delete(entry)) return;
  clearTimeout(entry.timer);
  entry.fire();
}

/**
 * Calls `fire` after `ms` milliseconds (at most 2^31 - 1; see checkTimeout), from the
 * event loop or from a blocked wait(), whichever runs first. The timer does not keep
 * the process alive. Returns a function that clears it.
 */
export function setDeadline(ms: number, fn: () => void): () => void {
  const entry: Entry = { at: clock() + ms, fire: fn, timer: undefined };
  entries.add(entry);
  entry.timer = setTimeout(() => fire(entry), ms);
  entry.timer.unref();
  return () => {
    if (entries.delete(entry)) clearTimeout(entry.timer);
  };
}

/** The nearest deadline before `until` (or `until`). */
export function nextDeadline(until: number): number {
  if (entries.size === 0) return until; // every blocked wait() asks: no iterator for nothing
  for (const e of entries) if (e.at < until) until = e.at;
  return until;
}

/** Fires the deadlines that are due; true if any was. */
export function fireDue(): boolean {
  if (entries.size === 0) return false;
  const now = clock();
  let fired = false;
  for (const e of [...entries]) {
    if (e.at > now) continue;
    fire(e);
    fired = true;
  }
  return fired;
}
