/**
 * RemoteTask: the AsyncTask of a call on the cluster. Its status is "running" while a
 * worker process has the job, and its wait() blocks through the backend's waiter thread
 * (the Redis clients live on this thread's event loop, which cannot run meanwhile).
 */
import { __internal, AsyncTask } from "../bundle.js";
import type { Status } from "../future-symbols.js";

const kCancelled: typeof __internal.kCancelled = __internal.kCancelled;
const kBlockUntilSettled: typeof __internal.kBlockUntilSettled = __internal.kBlockUntilSettled;

/** The timeout a wait() was given, read loosely (Unfuture's own wait checks the options). */
function timeoutOf(opts: unknown): number | undefined {
  const t = typeof opts === "object" && opts !== null ? (opts as { timeoutMs?: unknown }).timeoutMs : undefined;
  return typeof t === "number" && t >= 0 ? t : undefined;
}

/** A call on the cluster: an AsyncTask whose `status` is "running" while a worker process has it. */
export class RemoteTask<T> extends AsyncTask<T> {
  #worker: string | undefined = undefined;
  #threadId: number | undefined = undefined;
  #active = false;
  /** @internal */
  canceller: ((reason: unknown) => void) | undefined = undefined;

  override get status(): Status {
    const s = super.status;
    return s === "pending" && this.#active ? "running" : s;
  }

  /** The thread that ran the task, in its worker process (see `worker`). */
  override get threadId(): number | undefined {
    return this.#threadId;
  }

  /** The worker process that took the task (`host:pid:id`), once it has. */
  get worker(): string | undefined {
    return this.#worker;
  }

  /**
   * Cancels the task. Queued, its job never runs. Running, the worker process cancels it
   * on its pool (`taskSignal()`, `checkpoint()`, then termination after its grace), and
   * the task settles "cancelled" when the worker lets go. Returns false if it had settled.
   */
  override cancel(reason?: unknown): boolean {
    if (this.done()) return false;
    if (this.canceller === undefined) return super.cancel(reason);
    this.canceller(reason);
    return true;
  }

  /** @internal Blocks this thread until the task settles (see waiter.ts), or throws TimeoutError. */
  blocker: ((timeoutMs: number | undefined) => void) | undefined = undefined;

  /**
   * Blocks this thread until the call has finished on the cluster: a helper thread
   * watches its job, since this thread's event loop (where the Redis clients live)
   * cannot run meanwhile. `timeoutMs` throws TimeoutError and does not cancel.
   */
  override wait(opts?: { timeoutMs?: number }): T {
    this.blocker?.(timeoutOf(opts));
    return super.wait(opts);
  }

  override result(opts?: { timeoutMs?: number }): T {
    this.blocker?.(timeoutOf(opts));
    return super.result(opts);
  }

  override block(opts?: { timeoutMs?: number }): T {
    this.blocker?.(timeoutOf(opts));
    return super.block(opts);
  }

  /** @internal A sync scope's exit, an executor's shutdown: the same blocking wait. */
  override [kBlockUntilSettled](timeoutMs?: number): void {
    this.blocker?.(timeoutMs);
    super[kBlockUntilSettled](timeoutMs);
  }

  /** @internal */
  taken(worker?: string, threadId?: number): void {
    this.#active = true;
    if (worker !== undefined) {
      this.#worker = worker;
      this.#threadId = threadId;
    }
  }

  /** @internal Its job was lost and is being run again: queued, on no worker yet. */
  requeued(): void {
    this.#active = false;
    this.#worker = undefined;
    this.#threadId = undefined;
  }

  /** @internal The cluster's cancel ended it: settled as a local cancel would be. */
  cancelled(reason: unknown): void {
    this.canceller = undefined;
    this[kCancelled](reason);
  }
}
