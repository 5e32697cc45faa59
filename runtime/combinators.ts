/** The combinators over many tasks or promises: awaitAll, awaitFirst, asCompleted, and wait() on a promise. */
import { waitThrough } from "./call-sites.js";
import { WouldDeadlockError } from "./errors.js";
import { kAwaitSite, kOnSettle, kSettle } from "./future-symbols.js";
import { Unfuture } from "./future.js";
import { keepAlive } from "./hidden-classes.js";
import { watchBatch, type BatchOptions } from "./progress.js";
import { isThenable } from "./thenable.js";

/** Calls back on settlement; synchronously for an Unfuture, so a blocking wait on a combinator sees it. */
function listen<T>(x: T | PromiseLike<T>, ok: (v: Awaited<T>) => void, fail: (e: unknown) => void): void {
  if (x instanceof Unfuture) {
    x[kOnSettle]((f) => {
      let value: Awaited<T>;
      try {
        value = f.value as Awaited<T>; // throws the error of a failed or cancelled future
      } catch (e) {
        fail(e);
        return;
      }
      ok(value);
    });
  } else if (isThenable(x)) {
    // Adopted as Promise.all adopts it: a thenable that calls back twice, or both ways, counts once.
    Promise.resolve(x as PromiseLike<T>).then((v) => ok(v as Awaited<T>), fail);
  } else {
    ok(x as Awaited<T>);
  }
}

/** An Unfuture to watch for a plain promise or value (awaitAll reports its failure, not this copy). */
function follower(x: unknown): Unfuture<unknown> {
  if (x instanceof Unfuture) return x;
  const f = Unfuture.from(x);
  f.then(undefined, () => {});
  return f;
}

// The Unfutures awaitAll and its kin return are dropped after each batch: one kept alive
// keeps their class (see hidden-classes.ts).
void keepAlive(new Unfuture<never>());

/**
 * Waits for every task; the values come in input order. Fails at the first failure.
 * Returns an {@link Unfuture}: `await` it, or `wait()` on it from sync code.
 * `onProgress` is called as each task settles (see {@link BatchOptions}).
 *
 * @example
 * const [a, b] = await awaitAll([countPrimes(0, 5e5), countPrimes(5e5, 1e6)]);
 * await awaitAll(jobs, { onProgress: ({ done, total }) => console.log(`${done}/${total}`) });
 */
export function awaitAll<const T extends readonly unknown[]>(
  tasks: T,
  options?: BatchOptions,
): Unfuture<{ -readonly [K in keyof T]: Awaited<T[K]> }>;
export function awaitAll<T>(tasks: Iterable<T | PromiseLike<T>>, options?: BatchOptions): Unfuture<Awaited<T>[]>;
export function awaitAll(tasks: Iterable<unknown>, options?: BatchOptions): Unfuture<unknown[]> {
  const items = [...tasks];
  if (options !== undefined) watchBatch("awaitAll()", items.map(follower), options);
  const out = new Unfuture<unknown[]>();
  const values = new Array<unknown>(items.length);
  let left = items.length;
  const fail = (e: unknown): void => void out[kSettle](false, e);
  // Once every item has succeeded, the Unfutures' values are read off them: they keep
  // their outcome, so they need no listener of their own that knows their index.
  const lastOne = (): void => {
    if (out.done()) return; // one failed
    for (let i = 0; i < items.length; i++) {
      const x = items[i];
      if (x instanceof Unfuture) values[i] = x.value;
    }
    out[kSettle](true, values);
  };
  if (left === 0) lastOne();
  // One listener shared by every task, not a closure and its context each: awaitAll over
  // a burst of 100,000 tasks holds them all, and the collector pays for every byte.
  const one = (f: Unfuture<unknown>): void => {
    try {
      void f.value; // throws the error of a failed or cancelled future; reading it marks it observed
    } catch (e) {
      fail(e);
      return;
    }
    if (--left === 0) lastOne();
  };
  for (let i = 0; i < items.length; i++) {
    const x = items[i];
    if (x instanceof Unfuture) {
      x[kOnSettle](one);
      // It fails with their errors: where it is awaited is where they were (call-sites.ts AWAITED).
      if (x[kAwaitSite]) out[kAwaitSite] = true;
    } else
      listen(
        x,
        (v) => {
          values[i] = v;
          if (--left === 0) lastOne();
        },
        fail,
      );
  }
  return out;
}

/**
 * The first task to succeed gives the value; failures are skipped. If every task
 * fails, it fails with an `AggregateError` of all the errors, in input order.
 * The other tasks keep running.
 *
 * @example
 * const fastest = await awaitFirst([fromMirrorA(url), fromMirrorB(url)]);
 */
export function awaitFirst<T>(tasks: Iterable<T | PromiseLike<T>>): Unfuture<Awaited<T>> {
  const items = [...tasks];
  const out = new Unfuture<Awaited<T>>();
  const errors = new Array<unknown>(items.length);
  let left = items.length;
  if (left === 0) out[kSettle](false, new AggregateError([], "awaitFirst() was given no tasks"));
  items.forEach((x, i) =>
    listen(
      x,
      (v) => void out[kSettle](true, v),
      (e) => {
        errors[i] = e;
        if (--left === 0)
          out[kSettle](false, new AggregateError(errors, `awaitFirst(): all ${items.length} tasks failed`));
      },
    ),
  );
  return out;
}

/**
 * Blocks until a promise made by tamed settles: for functions declared
 * `/** @tamed *\/ async function f()`, whose type says Promise but whose calls return
 * tasks. A plain promise cannot be waited on (only this thread's event loop could
 * settle it): that throws `WouldDeadlockError`.
 *
 * @example
 * const msg = wait(slowEcho("hi", 100));
 */
export function wait<T>(promise: PromiseLike<T>, opts?: { timeoutMs?: number }): Awaited<T> {
  const future = Unfuture.from(promise);
  // A failure's frames (call-sites.ts AWAITED) begin where this was called.
  if (future === promise) return waitThrough(wait, () => future.wait(opts));
  try {
    return waitThrough(wait, () => future.wait(opts));
  } catch (e) {
    if (!(e instanceof WouldDeadlockError)) throw e;
    // Without the plugin a JSDoc-marked function is a plain async function: say so, since
    // "use await" alone would hide that the build left it on this thread.
    throw new WouldDeadlockError(
      "wait() was given a plain promise, not a task: only this thread's event loop can settle it, so waiting would block forever. " +
        "If it comes from a function marked /** @tamed */ or /** @makeAsync */, the build did not compile that function with tamed's plugin " +
        "(tspc on TypeScript 5.9 or 6, npx tamed build on 7, or a bundler with tamed's plugin; npx tamed doctor checks the setup). Otherwise await it instead.",
    );
  }
}

/**
 * A future as asCompleted() hands it out: settled, so read `value` (throws if it failed),
 * `status` or `exception`. At run time it is the Unfuture itself; its type leaves out
 * `then`, because TypeScript types a `for await` item as the awaited value of a
 * thenable item on every loop over an iterable type but the first (it awaits the items
 * once it has cached the iterable's types), while the loop gives the future itself.
 */
export type SettledFuture<T> = Unfuture<T> & { readonly then: never };

/**
 * The futures, in the order they settle: `for await` in async code, or `for...of`,
 * which blocks for each next one, in sync code. Each item is a settled future: read
 * `value` (throws if it failed) or `status`. For progress over a batch.
 *
 * @example
 * for await (const done of asCompleted(chunks.map((c) => countPrimes(...c)))) bar.tick(done.value);
 */
export function asCompleted<T>(
  tasks: Iterable<T | PromiseLike<T>>,
): AsyncIterable<SettledFuture<Awaited<T>>> & Iterable<SettledFuture<Awaited<T>>> {
  const futures = [...tasks].map((t) => Unfuture.from(t) as SettledFuture<Awaited<T>>);
  const settled: SettledFuture<Awaited<T>>[] = [];
  let wake: Unfuture<void> | undefined;
  for (const f of futures) {
    f[kOnSettle](() => {
      void f.exception; // handed to the caller to inspect: a failure is not an unhandled rejection
      settled.push(f);
      const w = wake;
      wake = undefined;
      w?.[kSettle](true, undefined);
    });
  }
  /** A future that settles when the next one does. */
  const next = (): Unfuture<void> => (wake ??= new Unfuture<void>());
  return {
    // By hand: an async generator would await each yielded future and hand out its value.
    [Symbol.asyncIterator](): AsyncIterator<SettledFuture<Awaited<T>>> {
      let i = 0;
      return {
        async next(): Promise<IteratorResult<SettledFuture<Awaited<T>>>> {
          if (i >= futures.length) return { done: true, value: undefined };
          if (settled.length <= i) await next();
          return { done: false, value: settled[i++]! };
        },
      };
    },
    *[Symbol.iterator]() {
      for (let i = 0; i < futures.length; i++) {
        if (settled.length <= i) next().wait();
        yield settled[i]!;
      }
    },
  };
}
