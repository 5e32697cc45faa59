/**
 * How a future takes on what it is given: by setResult, an executor's resolve,
 * Unfuture.from, or a continuation's result. A plain value settles it; a thenable is
 * followed; another Unfuture is followed synchronously, so that a thread blocked in
 * wait() on this one sees it settle without an event-loop turn. It works through the
 * futures' internal symbols only (future-symbols.ts), so it needs no class.
 */
import { kAwaitSite, kCancelled, kOnSettle, kOutcome, kSettle, kTakenBy } from "./future-symbols.js";
import type { FutureState } from "./future-state.js";
import { isThenable } from "./thenable.js";

// Futures of every value type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFuture = FutureState<any>;

/** Settles `target` with `value`, or with what `value` settles with. */
export function follow(target: AnyFuture, value: unknown): void {
  if (value !== null && typeof value === "object" && kOnSettle in value) {
    if ((value as AnyFuture)[kAwaitSite]) target[kAwaitSite] = true; // its failure is the other's (call-sites.ts AWAITED)
    (value as AnyFuture)[kOnSettle]((source: AnyFuture) => {
      source[kTakenBy](); // its outcome is handed on: observed, and a failure handled
      const { ok, result } = source[kOutcome];
      if (ok === true) target[kSettle](true, result);
      else if (source.status === "cancelled") target[kCancelled](undefined, result as Error);
      else target[kSettle](false, result);
    });
  } else if (isThenable(value)) {
    value.then(
      (v) => void target[kSettle](true, v),
      (e) => void target[kSettle](false, e),
    );
  } else {
    target[kSettle](true, value);
  }
}
