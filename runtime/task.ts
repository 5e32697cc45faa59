/** AsyncTask: one call of a marked function, an Unfuture that knows its function, its thread and how to stop it. */
import { Unfuture, type Status } from "./future.js";

/** @internal The pool marks a task as handed to a worker thread. */
export const kStart = Symbol("tamed.start");
/** @internal Whoever runs the task says how to stop it. */
export const kCanceller = Symbol("tamed.canceller");

/**
 * One call of a marked function: fast-async's AsyncTask, async-tamer's DelayedResult.
 * Calls return it already running. It is a real Promise (await it) and an
 * {@link Unfuture} (block on it with `wait()` from synchronous code).
 *
 * @example
 * const task = countPrimes(0, 1_000_000); // running on a worker thread
 * const n = task.wait();                   // or: await task
 */
export class AsyncTask<T> extends Unfuture<T> {
  /** The marked function's name. */
  readonly fn: string;
  #threadId: number | undefined = undefined;

  /**
   * The runtime makes tasks with the function's name. Promise statics inherited by
   * the class (`AsyncTask.resolve`, `DelayedResult.all`) call it with an executor.
   */
  constructor(
    fn: string | ((resolve: (value: T | PromiseLike<T>) => void, reject: (reason?: unknown) => void) => void),
  ) {
    super(typeof fn === "function" ? fn : undefined);
    this.fn = typeof fn === "function" ? "anonymous" : fn;
  }

  /** `"pending"` (queued), `"running"` (on a thread), `"success"`, `"failure"`, `"cancelled"`. */
  override get status(): Status {
    const s = super.status;
    return s === "pending" && this.#threadId !== undefined ? "running" : s;
  }

  /** The id of the thread that runs (or ran) the task; undefined while it is queued. */
  get threadId(): number | undefined {
    return this.#threadId;
  }

  /** @internal */
  [kCanceller]: { cancel(reason: unknown): boolean } | undefined = undefined;

  /**
   * Cancels the task. Queued, it never runs. Running, its `taskSignal()` aborts and its
   * next `checkpoint()` throws; if it has not stopped after `graceMs` (see configure),
   * a CPU-bound task's worker is terminated (the pool starts another) and an async
   * task is let go. Either way it ends with status "cancelled" and `CancelledError`,
   * once its worker has let go of it. Returns false if it had settled already.
   *
   * @example
   * const t = crunch(1e12);
   * t.cancel();
   * await t.catch((e) => e.name); // "CancelledError"
   */
  override cancel(reason?: unknown): boolean {
    if (this.done()) return false;
    const canceller = this[kCanceller];
    return canceller === undefined ? super.cancel(reason) : canceller.cancel(reason);
  }

  /** Calls already return running tasks; `run()` is there for code written against fast-async. */
  run(): this {
    return this;
  }

  /** @internal Undefined puts a task back to "pending" (requeued after its worker died before starting it). */
  [kStart](threadId: number | undefined): void {
    this.#threadId = threadId;
  }

  protected override describe(): string {
    return `the task ${this.fn}()`;
  }
}

/** async-tamer's name for an {@link AsyncTask}. */
export type DelayedResult<T> = AsyncTask<T>;
/** async-tamer's name for an {@link AsyncTask}. */
export const DelayedResult = AsyncTask;
