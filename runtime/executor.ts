/**
 * AsyncExecutor (aiofutures'): submit and map over marked functions, on the pool or on a
 * backend, and shutdown. What it owns: its futures until they settle, map's ordered
 * results, and refusing work after shutdown.
 */
import { checkBackend, type Backend } from "./backend.js";
import { callSite, enter, leave, startWithSite } from "./call-sites.js";
import { settings } from "./settings.js";
import { ExecutorShutdownError } from "./errors.js";
import { kOnSettle, kReported, kBlockUntilSettled } from "./future-symbols.js";
import { Unfuture } from "./future.js";
import { watchBatch, type BatchOptions } from "./progress.js";
import { checkBoolean, checkKeys, checkPositiveInt } from "./options.js";
import { checkRunnable, inlineTask } from "./inline.js";
import { AsyncTask } from "./task.js";

export interface ExecutorOptions {
  /**
   * Most tasks of this executor running at once (the pool's maxThreads still applies).
   * @default no limit of its own
   */
  maxThreads?: number;
  /**
   * Where calls run: a backend such as tamed/bullmq's `bullmq({ connection })` (worker
   * processes on other machines). Only marked functions can be sent there.
   * @default undefined (this process's worker threads)
   */
  backend?: Backend;
}

/**
 * A marked function (which returns a task), or, in code built with the tamed transformer,
 * a function literal written in place, which the transformer moves to a worker.
 */
type Runnable<A extends unknown[], R> = (...args: A) => R;

/**
 * The results of `map`, in input order: iterate with `for await` (async code), or with
 * `for...of`, which blocks on each result in turn (sync code).
 */
export class MapResults<R> implements AsyncIterable<R>, Iterable<R> {
  constructor(readonly futures: readonly Unfuture<R>[]) {}

  async *[Symbol.asyncIterator](): AsyncIterator<R> {
    for (const f of this.futures) yield await f;
  }

  *[Symbol.iterator](): Iterator<R> {
    for (const f of this.futures) yield f.wait();
  }
}

/**
 * aiofutures' AsyncExecutor: submit calls of marked functions and get futures back;
 * `map` over inputs; `shutdown` when done (or `using` / `await using`).
 *
 * @example
 * using executor = new AsyncExecutor({ maxThreads: 2 });
 * const lengths = [...executor.map(measure, ["a", "bb", "ccc"])]; // [1, 2, 3], in input order
 */
export class AsyncExecutor {
  readonly #limit: number | undefined;
  readonly #backend: Backend | undefined;
  readonly #futures = new Set<Unfuture<unknown>>();
  /** Calls held back by maxThreads; each returns false when it had nothing to start (cancelled meanwhile). */
  readonly #waiting: Array<() => boolean> = [];
  #running = 0;
  #shut = false;

  constructor(options: ExecutorOptions = {}) {
    if (typeof options !== "object" || options === null)
      throw new TypeError("new AsyncExecutor(): options must be an object");
    checkKeys("new AsyncExecutor()", options, ["maxThreads", "backend"]);
    this.#backend = checkBackend("new AsyncExecutor()", options.backend);
    this.#limit =
      options.maxThreads === undefined
        ? undefined
        : checkPositiveInt("new AsyncExecutor()", "maxThreads", options.maxThreads);
  }

  /** Calls a marked function; returns its future (an AsyncTask, or a future of one while this executor's limit holds it back). */
  submit<A extends unknown[], R>(fn: Runnable<A, R>, ...args: A): Unfuture<Awaited<R>> {
    const entered = enter(AsyncExecutor.prototype.submit);
    try {
      return this.#submit(fn, args);
    } finally {
      leave(entered);
    }
  }

  #submit<A extends unknown[], R>(fn: Runnable<A, R>, args: A): Unfuture<Awaited<R>> {
    if (this.#shut) throw new ExecutorShutdownError("submit() after shutdown(): this executor takes no more tasks");
    checkRunnable("submit", fn);
    if (this.#limit === undefined || this.#running < this.#limit) return this.#track(this.#call(fn, args));
    // Over this executor's limit: a future now, the call when a running one finishes.
    const later = new Unfuture<Awaited<R>>();
    // Its site is here, not where it starts (in the settling of another).
    const site = callSite(settings.callSites, this.#waiting.length, AsyncExecutor.prototype.submit);
    this.#waiting.push(() => {
      if (later.done()) return false; // cancelled while it waited
      let task: AsyncTask<Awaited<R>>;
      try {
        task = startWithSite(site, () => this.#call(fn, args));
      } catch (e) {
        later.setException(e); // its own failure, not thrown into whichever task freed the place
        return false;
      }
      later.setResult(task);
      later[kOnSettle](() => task.cancel()); // cancelling the future cancels the task
      return true;
    });
    return this.#track(later);
  }

  /**
   * Calls `fn` on each item, all submitted now; the results come in input order.
   * `onProgress` is called as each call settles (see {@link BatchOptions}). A failure is
   * thrown by the iteration when it reaches it, as awaitAll fails with it: never as an
   * unhandled rejection, also when it settles before the loop gets there or after the
   * loop ended at an earlier one (each future's `exception` still holds it).
   */
  map<T, R>(fn: (item: T) => R, items: Iterable<T>, options?: BatchOptions): MapResults<Awaited<R>> {
    if (this.#shut) throw new ExecutorShutdownError("map() after shutdown(): this executor takes no more tasks");
    checkRunnable("map", fn);
    // Read before map() counts as the entry point: a call the iteration makes (a
    // generator's) has its own site, not map()'s caller's.
    const list = [...items];
    const entered = enter(AsyncExecutor.prototype.map);
    try {
      return this.#map(fn, list, options);
    } finally {
      leave(entered);
    }
  }

  #map<T, R>(fn: (item: T) => R, list: readonly T[], options?: BatchOptions): MapResults<Awaited<R>> {
    if (options !== undefined) watchBatch("map()", [], options); // bad options throw before anything is submitted
    const futures = list.map((item) => this.submit(fn, item));
    // Reported by the iteration, as awaitAll reports its tasks' failures through its own future.
    for (const f of futures) f[kReported]();
    if (options !== undefined) watchBatch("map()", futures, options);
    return new MapResults(futures);
  }

  /**
   * Takes no more tasks. `wait` (default true) blocks until the submitted ones have
   * finished; `cancelFutures` (default false) cancels those that have not.
   */
  shutdown(options: { wait?: boolean; cancelFutures?: boolean } = {}): void {
    checkKeys("shutdown()", options, ["wait", "cancelFutures"]);
    const wait = options.wait === undefined ? true : checkBoolean("shutdown()", "wait", options.wait);
    const cancel =
      options.cancelFutures === undefined ? false : checkBoolean("shutdown()", "cancelFutures", options.cancelFutures);
    this.#shut = true;
    if (cancel) for (const f of this.#futures) f.cancel();
    if (wait) for (const f of [...this.#futures]) f[kBlockUntilSettled]();
  }

  /** Waits for the submitted tasks without blocking, after shutting down. */
  async shutdownAsync(options: { cancelFutures?: boolean } = {}): Promise<void> {
    this.shutdown({ wait: false, ...options });
    await Promise.all([...this.#futures].map((f) => new Promise<void>((resolve) => f[kOnSettle](() => resolve()))));
  }

  [Symbol.dispose](): void {
    this.shutdown();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.shutdownAsync();
  }

  #call<A extends unknown[], R>(fn: Runnable<A, R>, args: A): AsyncTask<Awaited<R>> {
    const result = this.#backend === undefined ? fn(...args) : this.#backend.call(fn, args);
    const task = result instanceof AsyncTask ? result : inlineTask(result, fn.name || "anonymous");
    if (task === undefined)
      throw new TypeError(
        `submit() takes a function marked with makeAsync or tamed (or a function literal, in code built with the tamed transformer); ${fn.name || "this function"}() did not return an AsyncTask`,
      );
    this.#running++;
    task[kOnSettle](() => {
      this.#running--;
      // The next held-back call that still wants to run (skipping those cancelled meanwhile).
      for (let next = this.#waiting.shift(); next !== undefined && !next(); next = this.#waiting.shift());
    });
    return task as AsyncTask<Awaited<R>>;
  }

  #track<T>(f: Unfuture<T>): Unfuture<T> {
    const any = f as unknown as Unfuture<unknown>; // Unfuture is invariant in T; the set only needs cancel and settle
    this.#futures.add(any);
    any[kOnSettle](() => this.#futures.delete(any));
    return f;
  }
}

let shared: AsyncExecutor | undefined;

/**
 * Calls a marked function on the shared default executor (aiofutures' run_async).
 *
 * @example
 * const n = await runAsync(countPrimes, 0, 1_000_000);
 */
export function runAsync<A extends unknown[], R>(fn: Runnable<A, R>, ...args: A): Unfuture<Awaited<R>> {
  checkRunnable("runAsync", fn);
  shared ??= new AsyncExecutor();
  const entered = enter(runAsync);
  try {
    return shared.submit(fn, ...args);
  } finally {
    leave(entered);
  }
}
