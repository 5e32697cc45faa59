/** The call that code runs for, on any thread (an AsyncLocalStorage), and what reads it: taskSignal(), checkpoint(). */
import { AsyncLocalStorage } from "node:async_hooks";
import { CancelledError } from "./errors.js";

/**
 * The call a piece of code runs for, on whichever thread runs it: what `taskSignal()`
 * and `checkpoint()` read. Kept in an AsyncLocalStorage, so it follows the call
 * across its awaits while other calls share the thread's event loop.
 */
export interface CallContext {
  readonly id: number;
  /** Set when the call is cancelled: the reason. */
  cancelled: { reason: unknown } | undefined;
  controller: AbortController | undefined;
  /**
   * The worker's shared counters: a CPU-bound call cannot read its port while it runs,
   * so a cancel also writes the call's id to `flag[slot]`, which checkpoint() reads.
   */
  readonly flag: Int32Array | undefined;
  readonly slot: number;
  /** On a worker: the index of the call's worker module, to name the function when a callback it left behind throws. */
  readonly module?: number;
}

const KEY = Symbol.for("tamed.calls");
const registry = globalThis as Record<symbol, AsyncLocalStorage<CallContext> | undefined>;
/** One per thread, even if a worker bundle loads its own copy of the runtime. */
export const calls: AsyncLocalStorage<CallContext> = (registry[KEY] ??= new AsyncLocalStorage<CallContext>());

const never = new AbortController().signal;

function cancelledError(ctx: CallContext): CancelledError {
  const reason = ctx.cancelled?.reason;
  return new CancelledError(
    reason instanceof Error ? `the task was cancelled: ${reason.message}` : "the task was cancelled",
    reason,
  );
}

/** Marks a call cancelled: its signal aborts and its next checkpoint() throws. */
export function cancelCall(ctx: CallContext, reason: unknown): void {
  if (ctx.cancelled !== undefined) return;
  ctx.cancelled = { reason };
  ctx.controller?.abort(cancelledError(ctx));
}

function cancelledByFlag(ctx: CallContext): boolean {
  if (ctx.cancelled !== undefined) return true;
  if (ctx.flag !== undefined && Atomics.load(ctx.flag, ctx.slot) === ctx.id) {
    cancelCall(ctx, undefined);
    return true;
  }
  return false;
}

/**
 * The running task's AbortSignal: aborted when the task is cancelled (by `cancel()`,
 * its scope, or a timeout). Pass it to what the task awaits (`fetch`, `setTimeout` from
 * node:timers/promises) so that a cancel stops them at once. Outside a task, a signal
 * that never aborts.
 *
 * @example
 * export const download = tamed(async (url: string) => (await fetch(url, { signal: taskSignal() })).text());
 */
export function taskSignal(): AbortSignal {
  const ctx = calls.getStore();
  if (ctx === undefined) return never;
  if (ctx.controller === undefined) {
    ctx.controller = new AbortController();
    if (cancelledByFlag(ctx)) ctx.controller.abort(cancelledError(ctx));
  }
  return ctx.controller.signal;
}

/**
 * Throws `CancelledError` when the running task has been cancelled; cheap enough to
 * call in a tight loop (one atomic read). A CPU-bound task that never calls it is
 * stopped after `graceMs` by terminating its worker.
 *
 * @example
 * export const sum = makeAsync((n: number) => { let s = 0; for (let i = 0; i < n; i++) { if (i % 4096 === 0) checkpoint(); s += i; } return s; });
 */
export function checkpoint(): void {
  const ctx = calls.getStore();
  if (ctx !== undefined && cancelledByFlag(ctx)) throw cancelledError(ctx);
}
