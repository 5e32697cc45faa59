/**
 * Unfuture: a Promise that can also be waited on synchronously, settled from outside or
 * by the runtime. This module is how futures are made and chained (setResult, from,
 * continueWith, subscribe); how one settles and is read (its state, `value`, `wait()`,
 * `cancel()`, the runtime's symbols) is future-state.ts; continueWith and subscribe are
 * continuations.ts; following a value or another future is follow.ts.
 */
import { continueWithOn, subscribeTo } from "./continuations.js";
import { follow } from "./follow.js";
import { kFollow, kSettle, type Status } from "./future-symbols.js";
import { FutureState, kLock } from "./future-state.js";

export type { Status };

/**
 * A Promise that can also be waited on synchronously (unsync's Unfuture).
 *
 * It is a real `Promise`: `await`, `then`, `Promise.all` work, and `then`/`catch`/`finally`
 * return plain Promises. `wait()` blocks the calling thread until it settles, which is
 * possible when the work that settles it runs on another thread.
 *
 * @example
 * const f = new Unfuture<number>();
 * setTimeout(() => f.setResult(42), 10);
 * console.log(await f); // 42
 */
export class Unfuture<T> extends FutureState<T> {
  /** Wraps a promise or a value; an Unfuture is returned as it is. */
  static from<T>(value: T | PromiseLike<T>): Unfuture<Awaited<T>> {
    if (value instanceof Unfuture) return value as Unfuture<Awaited<T>>;
    const f = new Unfuture<Awaited<T>>();
    f[kFollow](value as Awaited<T> | PromiseLike<Awaited<T>>);
    return f;
  }

  /** Settles the future with a value (a thenable is followed). Throws if it is already settled. */
  setResult(value: T | PromiseLike<T>): void {
    this[kLock]("setResult");
    follow(this, value);
  }

  /** Settles the future with an error. Throws if it is already settled (or following a thenable). */
  setException(error: unknown): void {
    this[kLock]("setException");
    this[kSettle](false, error);
  }

  /**
   * Runs `fn` with this future once it has settled, whatever the outcome (unsync's and
   * C#'s continuation), and gives a future of what `fn` returns (a returned promise is
   * followed). `fn` runs when this settles, on this thread, so a chain can be waited on
   * from sync code. A marked function (makeAsync / tamed) as `fn` runs in a worker: it
   * gets this future's value, and does not run if this failed (the error passes on).
   *
   * @example
   * const report = countPrimes(0, 1e6).continueWith((t) => `found ${t.value}`);
   * console.log(report.wait());
   */
  continueWith<U>(fn: (source: Unfuture<T>) => U | PromiseLike<U>): Unfuture<Awaited<U>> {
    return continueWithOn(this, fn, new Unfuture<Awaited<U>>());
  }

  /**
   * Calls `onSuccess(value)` or `onFailure(error)` on this thread once the future
   * settles (fast-async's subscribe); a cancellation counts as a failure. The callback
   * runs as the future settles, like continueWith and onProgress: from the event loop,
   * or while this thread is blocked in `wait()` on something else. If it throws, its
   * error is rethrown on its own, as an uncaught exception. A future that has already
   * settled calls back on the next microtask (never from inside `subscribe()`). With
   * `blocks: true`, waits for the outcome and calls back before returning. Returns a
   * function that unsubscribes.
   *
   * @example
   * countPrimes(0, 1e6).subscribe((n) => console.log("primes:", n), (e) => console.error(e));
   */
  subscribe(
    onSuccess?: (value: T) => void,
    onFailure?: (error: unknown) => void,
    opts?: { blocks?: boolean },
  ): () => void {
    return subscribeTo(this, onSuccess, onFailure, opts);
  }
}
