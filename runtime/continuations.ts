/**
 * What runs when a future settles, on the caller's thread: `continueWith` (unsync's and
 * C#'s continuation) and `subscribe` (fast-async's callbacks). Both ride the future's
 * synchronous settle listeners, so a thread blocked in wait() on something else still
 * sees them fire; Unfuture's methods of those names delegate here.
 */
import { kBlockUntilSettled, kFollow, kOffSettle, kOnSettle, kOutcome, kSettle, kTakenBy } from "./future-symbols.js";
import type { Unfuture } from "./future.js";
import { checkBoolean, checkOptions } from "./options.js";

const SUBSCRIBE_OPTIONS = ["blocks"];

/** A future of what `fn` returns once `source` settled, whatever the outcome. */
export function continueWithOn<T, U>(
  source: Unfuture<T>,
  fn: (source: Unfuture<T>) => U | PromiseLike<U>,
  next: Unfuture<Awaited<U>>,
): Unfuture<Awaited<U>> {
  source[kOnSettle](() => {
    // The continuation runs on every outcome: a failure is its to handle, not an unhandled rejection.
    source[kTakenBy]();
    let result: U | PromiseLike<U>;
    try {
      result = fn(source);
    } catch (e) {
      next[kSettle](false, e);
      return;
    }
    next[kFollow](result as Awaited<U> | PromiseLike<Awaited<U>>);
  });
  return next;
}

/** Calls back once `source` settles (see Unfuture.subscribe); returns the unsubscribe function. */
export function subscribeTo<T>(
  source: Unfuture<T>,
  onSuccess: ((value: T) => void) | undefined,
  onFailure: ((error: unknown) => void) | undefined,
  opts: unknown,
): () => void {
  const o = opts === undefined ? undefined : checkOptions("subscribe()", opts, SUBSCRIBE_OPTIONS, "{ blocks: true }");
  const blocks = o?.["blocks"] === undefined ? false : checkBoolean("subscribe()", "blocks", o["blocks"]);
  // A failure callback handles a failure; subscribing to successes alone leaves it to be
  // reported (by a scope, or as an unhandled rejection).
  const handle = (): void => {
    if (onFailure !== undefined && source[kOutcome].ok === false) source[kTakenBy]();
  };
  let active = true;
  const call = (): void => {
    if (!active) return;
    active = false;
    const { ok, result } = source[kOutcome];
    if (ok) onSuccess?.(result as T);
    else if (onFailure !== undefined) onFailure(result);
  };
  const stop = (): void => {
    active = false;
  };
  if (blocks) {
    source[kBlockUntilSettled]();
    handle();
    call();
    return stop;
  }
  if (source.done()) {
    handle();
    queueMicrotask(call);
    return stop;
  }
  const listener = (): void => {
    if (active) handle();
    call(); // from the settle queue, which reports what it throws
  };
  source[kOnSettle](listener);
  return () => {
    if (!active) return;
    active = false;
    // A future that never settles must not keep every subscription ever made to it.
    source[kOffSettle](listener);
  };
}
