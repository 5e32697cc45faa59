/**
 * AsyncScope: structured concurrency. What a scope owns: the tasks spawned in it, its
 * options (exitMode, errorMode, timeoutMs, backend), cancelling the siblings of a
 * failure, and the exit that waits for every task and throws what nobody observed.
 */
import { checkBackend, type Backend } from "./backend.js";
import { enter, leave } from "./call-sites.js";
import { setDeadline } from "./deadlines.js";
import { ScopeClosedError, ScopeError, TimeoutError } from "./errors.js";
import { kObserved, kOnSettle, kReported, kBlockUntilSettled } from "./future-symbols.js";
import type { Unfuture } from "./future.js";
import { checkKeys, checkTimeout } from "./options.js";
import { checkRunnable, inlineTask } from "./inline.js";
import { keepAlive } from "./hidden-classes.js";
import { AsyncTask } from "./task.js";
import { clock } from "./timers.js";

export interface ScopeOptions {
  /**
   * What leaving the block does with tasks still running: wait for them, or cancel them
   * (a background loop that should stop when the block's work is done).
   * @default "wait"
   */
  exitMode?: "wait" | "cancel";
  /**
   * What a task's failure does to its siblings: cancel them, or let them run on.
   * @default "cancel"
   */
  errorMode?: "cancel" | "continue";
  /**
   * Cancels the scope's tasks when the block has not finished after this long, also
   * while the thread is blocked in `wait()` inside the block; awaiting or waiting on a
   * task it cancelled throws this TimeoutError, and leaving the block throws it (or
   * ScopeError, if tasks failed) unless it already came out of such an await or wait.
   * At most 2147483647 (about 24.8 days); Infinity is no limit.
   * @default undefined (no limit)
   */
  timeoutMs?: number;
  /**
   * Cancels the scope when this signal aborts.
   * @default undefined
   */
  signal?: AbortSignal;
  /**
   * Where the scope's calls run: a backend such as tamed/bullmq's `bullmq({ connection })`.
   * @default undefined (this process's worker threads)
   */
  backend?: Backend;
}

const KEYS = ["exitMode", "errorMode", "timeoutMs", "signal", "backend"] as const;

function checkOption<T extends string>(name: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T))
    throw new TypeError(
      `new AsyncScope(): \`${name}\` must be ${allowed.map((a) => `"${a}"`).join(" or ")}, got ${JSON.stringify(value)}`,
    );
  return value as T;
}

/**
 * Structured concurrency (async-tamer's AsyncScope, asyncio's TaskGroup): tasks spawned
 * in a scope do not outlive it. Leaving a `using` block blocks the thread until every
 * task has finished; `await using` waits without blocking. The first failure cancels
 * the siblings (errorMode "cancel"). Failures nobody observed (awaited, waited on, read
 * through `value`) are thrown at exit as one ScopeError, in spawn order; cancellations
 * are not failures.
 *
 * @example
 * {
 *   using scope = new AsyncScope();
 *   const a = scope.spawn(slowEcho, "a", 200);
 *   const b = scope.spawn(slowEcho, "b", 100);
 * } // both done here: a.value, b.value
 */
export class AsyncScope {
  readonly #tasks: AsyncTask<unknown>[] = [];
  /**
   * Made when `signal` is first read, or at cancel(): most scopes are never cancelled
   * and nobody reads their signal, and an AbortController costs more to make than a task.
   */
  #controller: AbortController | undefined = undefined;
  /** cancel() was called (the controller, made then, holds the reason). */
  #aborted = false;
  readonly #exitMode: "wait" | "cancel";
  readonly #errorMode: "cancel" | "continue";
  readonly #timeoutMs: number | undefined;
  readonly #deadline: number = Infinity;
  readonly #clearDeadline: (() => void) | undefined;
  readonly #detach: (() => void) | undefined;
  readonly #backend: Backend | undefined;
  #timedOut: TimeoutError | undefined = undefined;
  /** The tasks the deadline cancelled: if one of them was awaited or waited on, its TimeoutError came out there. */
  #cutShort: readonly AsyncTask<unknown>[] = [];
  /** The deadline passed while no task ran: the next spawn times the scope out. */
  #expired = false;
  #closed = false;
  /** Tasks spawned and not settled; an `await using` exit waits for it to reach 0 (`#allSettled`). */
  #unsettled = 0;
  #allSettled: (() => void) | undefined = undefined;
  /** One listener for every task of the scope, not a closure each. */
  readonly #onSettle = (t: Unfuture<unknown>): void => {
    // Once the scope is cancelled, a failure has nothing left to cancel.
    if (!this.#aborted) this.#settled(t as AsyncTask<unknown>);
    if (--this.#unsettled === 0) this.#allSettled?.();
  };

  constructor(options: ScopeOptions = {}) {
    if (typeof options !== "object" || options === null)
      throw new TypeError("new AsyncScope(): options must be an object");
    checkKeys("new AsyncScope()", options, KEYS);
    this.#exitMode = checkOption("exitMode", options.exitMode, ["wait", "cancel"], "wait");
    this.#errorMode = checkOption("errorMode", options.errorMode, ["cancel", "continue"], "cancel");
    this.#backend = checkBackend("new AsyncScope()", options.backend);
    if (options.timeoutMs !== undefined) {
      this.#timeoutMs = checkTimeout("new AsyncScope()", "timeoutMs", options.timeoutMs, true);
      // A deadline, not a plain timer: it fires while this thread is blocked in wait()
      // inside the block too. It does not keep the process alive (the tasks do).
      if (this.#timeoutMs !== Infinity) {
        this.#deadline = clock() + this.#timeoutMs;
        this.#clearDeadline = setDeadline(this.#timeoutMs, () => this.#timeout());
      }
    }
    const signal = options.signal;
    if (signal !== undefined) {
      if (!(signal instanceof AbortSignal)) throw new TypeError("new AsyncScope(): `signal` must be an AbortSignal");
      const onAbort = (): void => this.cancel(signal.reason);
      if (signal.aborted) onAbort();
      else {
        signal.addEventListener("abort", onAbort, { once: true });
        this.#detach = () => signal.removeEventListener("abort", onAbort);
      }
    }
  }

  /** Aborts when the scope is cancelled: pass it to work the scope should stop. */
  get signal(): AbortSignal {
    return (this.#controller ??= new AbortController()).signal;
  }

  /** The tasks spawned so far, in spawn order. */
  get tasks(): readonly AsyncTask<unknown>[] {
    return this.#tasks;
  }

  /**
   * Calls a marked function (`makeAsync`, `tamed`, or a `/** @tamed *\/` declaration)
   * as a task of this scope; in code built with the tamed transformer, a function literal
   * written in place works too. Throws ScopeClosedError after the scope exited.
   */
  spawn<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): AsyncTask<Awaited<R>> {
    const entered = enter(AsyncScope.prototype.spawn);
    try {
      return this.#spawn(fn, args);
    } finally {
      leave(entered);
    }
  }

  #spawn<A extends unknown[], R>(fn: (...args: A) => R, args: A): AsyncTask<Awaited<R>> {
    if (this.#closed) throw new ScopeClosedError("spawn() on a scope that has exited: spawn tasks inside its block");
    checkRunnable("spawn", fn);
    const result = this.#backend === undefined ? fn(...args) : this.#backend.call(fn, args);
    const task = result instanceof AsyncTask ? result : inlineTask(result, fn.name || "anonymous");
    if (task === undefined) {
      throw new TypeError(
        `spawn() takes a function marked with makeAsync or tamed (or a function literal, in code built with the tamed transformer); ${fn.name || "this function"}() did not return an AsyncTask`,
      );
    }
    this.#tasks.push(task);
    // The scope reports an unobserved failure at exit, in its ScopeError; Node must not
    // report it first as an unhandled rejection while the block is still awaiting.
    task[kReported]();
    // Past the deadline, even if this thread was too busy to fire it: the task is cut short at once.
    if (this.#expired || (this.#deadline !== Infinity && clock() >= this.#deadline)) this.#timeout();
    this.#unsettled++;
    if (this.#aborted) task.cancel(this.#controller!.signal.reason);
    task[kOnSettle](this.#onSettle);
    return task as AsyncTask<Awaited<R>>;
  }

  /** Cancels every task of the scope that has not finished, and aborts `signal`. */
  cancel(reason?: unknown): void {
    if (!this.#aborted) {
      this.#aborted = true;
      (this.#controller ??= new AbortController()).abort(reason);
    }
    for (const t of this.#tasks) t.cancel(reason);
  }

  /** Leaving a `using` block: blocks until every task has finished (the deadline fires meanwhile; see deadlines.ts). */
  [Symbol.dispose](): void {
    try {
      this.#close();
      for (const t of this.#tasks) t[kBlockUntilSettled]();
    } finally {
      this.#release();
    }
    this.#finish();
  }

  /** Leaving an `await using` block: waits for every task without blocking the thread (and holds to timeoutMs). */
  async [Symbol.asyncDispose](): Promise<void> {
    try {
      this.#close();
      if (this.#unsettled > 0) await new Promise<void>((resolve) => (this.#allSettled = resolve));
    } finally {
      this.#release();
    }
    this.#finish();
  }

  #close(): void {
    this.#closed = true;
    if (this.#exitMode === "cancel") this.cancel(new Error('the scope exited (exitMode: "cancel")'));
  }

  /** Whatever way the exit ends, even by throwing: no deadline left running, no listener left on the outside signal. */
  #release(): void {
    this.#clearDeadline?.();
    this.#detach?.();
  }

  #finish(): void {
    const failures = this.#tasks.filter((t) => t.status === "failure" && !t[kObserved]).map((t) => t.exception);
    if (failures.length > 0) {
      throw new ScopeError(
        failures,
        `${failures.length} task${failures.length === 1 ? "" : "s"} of the scope failed and nobody awaited, waited on or read ${failures.length === 1 ? "it" : "them"}`,
      );
    }
    // A TimeoutError that already came out of an await or wait() on a task the deadline
    // cancelled is on its way out of the block: thrown again here, it would come out
    // wrapped in a SuppressedError beside itself.
    if (this.#timedOut !== undefined && !this.#cutShort.some((t) => t.status === "cancelled" && t[kObserved]))
      throw this.#timedOut;
  }

  #settled(task: AsyncTask<unknown>): void {
    if (task.status === "failure" && this.#errorMode === "cancel")
      this.cancel(new Error(`a task of the scope failed: ${task.fn}()`));
  }

  /**
   * The deadline passed. Tasks still running are cancelled and leaving throws
   * TimeoutError; if none runs, the scope only stops taking work: a later spawn is
   * cancelled at once (and then leaving throws TimeoutError).
   */
  #timeout(): void {
    if (this.#timedOut !== undefined) return;
    if (this.#tasks.every((t) => t.done())) {
      this.#expired = true;
      return;
    }
    this.#timedOut = new TimeoutError(
      `the scope did not finish within ${this.#timeoutMs} ms; its tasks were cancelled`,
    );
    this.#cutShort = this.#tasks.filter((t) => !t.done());
    this.cancel(this.#timedOut);
  }
}

// Scopes are made per batch and dropped: one kept alive keeps their class (see hidden-classes.ts).
keepAlive(new AsyncScope());
