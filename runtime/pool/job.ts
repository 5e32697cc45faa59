/**
 * One call in the pool (Job), its lifecycle, and the one place where a call ends:
 * fail(), succeed() and cancelled() below are the only code in pool/ that settles a
 * task (outside pool/, inputs.ts fails or cancels a call whose Unfuture argument
 * failed or was cancelled, before the pool had it). Also the errors made on this
 * thread about a call, with the call's site as their stack.
 *
 * A call's states, and where it moves between them:
 *
 *   state      | what holds it                           | leaves by
 *   -----------+-----------------------------------------+-----------------------------------------
 *   inputs     | pool.awaitingInputs                     | its Unfuture arguments settle: admit.ts
 *              | (an Unfuture argument is pending)       |   start() → queued or waiting/running;
 *              |                                         |   one fails or is cancelled: settled
 *   queued     | pool.cpuQueue / pool.ioQueue            | dispatch.ts pump() posts it: waiting or
 *              | (requeued: put back at the front)       |   running; cancel: settled at once
 *   waiting    | slot.jobs, its id in a claim cell       | the worker claims the cell: running;
 *              | (posted behind other calls, to a thread |   cancel takes it back: settled at once;
 *              | still starting, or an async call whose  |   another worker falls idle: requeued
 *              | module loads or whose event loop is     |   (dispatch.ts reclaim); the
 *              | held by a neighbour)                    |   worker dies: requeued (crashes.ts)
 *   running    | slot.jobs                               | a reply: settled (replies.ts); cancel:
 *              |                                         |   stopping; the worker dies: settled
 *              |                                         |   (WorkerCrashedError), or requeued if
 *              |                                         |   it never began
 *   stopping   | slot.jobs and pool.cancelling           | the worker lets go (any reply), the
 *              | (job.stopping set)                      |   grace runs out, or the worker dies:
 *              |                                         |   settled "cancelled" (cancel.ts)
 *   settled    | nothing: args dropped                   | -
 *
 * "waiting" and "running" are one state to the pool's code (job.slot is set): the
 * worker moves a call from one to the other by itself, with a compare-and-swap on the
 * claim cell, without telling the pool; the cell says which (Slot.unclaimed). So the
 * state is read off the job (`state`),
 * never stored beside it, where it could disagree with what the job holds.
 */
import { AWAITED, framesUnder, throughEntry } from "../call-sites.js";
import { DataCloneError } from "../errors.js";
import { kAwaitSite, kCancelled, kSettle } from "../future-symbols.js";
import { NO_CELL } from "../protocol.js";
import { kCanceller, type AsyncTask } from "../task.js";
import { settings } from "../settings.js";
import type { TransferItem } from "../transfer.js";
import { cancelJob } from "./cancel.js";
import type { Pool, TaskSpec } from "./pool.js";
import type { Slot } from "./slot.js";

export type JobState = "inputs" | "queued" | "waiting" | "running" | "stopping" | "settled";

/**
 * One call, from submit() until its task settles. It is also its task's canceller, so
 * a call costs no closure for that; and with `callSites`, the call site's stack is
 * captured onto it (`stack`), not onto an object of its own. A burst of 100,000 calls
 * keeps all of them alive at once: every object per call shows in GC time.
 */
export class Job {
  /** Kept until the task settles: a call a dying worker never started is sent again. */
  args: unknown[] | undefined;
  /**
   * True while `args` are the caller's own objects (posted at once, not copied): they
   * may have changed since the call, so such a call is not sent a second time.
   */
  live: boolean;
  /** Times the call went back to the queue because its worker died before starting it. */
  retries = 0;
  /** The worker it was posted to, while it is there. */
  slot: Slot | undefined = undefined;
  /** Its claim cell at that worker, while posted (NO_CELL otherwise); see protocol.ts CELLS. */
  cell = NO_CELL;
  /** Its spec's cost when posted, in whole microseconds, counted in the worker's `work` (milliseconds). */
  est = 0;
  /** Posted behind other calls at a busy worker: it waits there until the worker claims it. */
  behind = false;
  /** Set by cancel(): the reason, and when the worker's grace runs out. */
  stopping:
    { readonly reason: unknown; readonly deadline: number; readonly timer: ReturnType<typeof setTimeout> } | undefined =
    undefined;
  /**
   * Where the task was called: an object whose `stack` Error.captureStackTrace wrote; its
   * frames are appended to a failure's stack. Not the job itself: the capture adds a
   * `stack` property, which would give jobs with a site another hidden class than jobs
   * without, and a full GC that finds none of one kind alive frees it and the optimized
   * code built for it (see Pool.latest). NOT_RECORDED when a site was wanted but not
   * captured, AWAITED when it is where the task is awaited (siteBeforeRing).
   */
  site: { readonly stack?: string } | undefined = undefined;
  /** The marked function's stub, until the call site is captured (see captureSite). */
  caller: ((...args: never[]) => unknown) | undefined = undefined;
  /** Indexes of the arguments that are Buffers: the worker makes them Buffers again. */
  buffers: number[] | undefined = undefined;

  constructor(
    readonly pool: Pool,
    readonly id: number,
    readonly spec: TaskSpec,
    readonly task: AsyncTask<unknown>,
    args: unknown[],
    /** Buffers marked with transfer(): moved, not copied, when the call is posted. */
    public moves: TransferItem[] | undefined,
  ) {
    this.args = args;
    this.live = moves !== undefined || !args.every(isPrimitive);
  }

  /** Where the call stands (see the table above); for tests and debugging, off the hot path. */
  get state(): JobState {
    if (this.task.done()) return "settled";
    if (this.stopping !== undefined) return "stopping";
    if (this.slot !== undefined) return this.slot.unclaimed(this) ? "waiting" : "running";
    return this.pool.awaitingInputs.has(this) ? "inputs" : "queued";
  }

  cancel(reason: unknown): boolean {
    return cancelJob(this.pool, this, reason);
  }

  /**
   * Its arguments can be posted again (to another worker, or after its worker died
   * before starting it): a copy made at the call that moves nothing. The caller's own
   * objects may have changed since; a MessagePort moved with transfer() went with the
   * first post.
   */
  get resendable(): boolean {
    return !this.live && this.moves === undefined;
  }

  /**
   * Captures the call site, once, while submit() is still on the stack: after the call
   * is posted to a worker that is awake (it overlaps the worker's run: a round trip of
   * 11-12 µs, against 24-27 µs with the capture first), before it is posted to a worker
   * that sleeps (dispatch.ts post). After ringing a sleeping worker this thread should
   * have nothing left to do: work there, even 5 µs of it, made a call after a few ms
   * idle ~70 µs slower (150 against 80 µs p50 on a 2-core VM), since the reply's
   * wake-up then went the slow way, to a CPU that had gone idle. Earlier if the call
   * fails before that.
   */
  captureSite(): void {
    if (this.caller === undefined) return;
    const site = {};
    Error.captureStackTrace(site, this.caller);
    this.site = site;
    this.caller = undefined;
  }

  /**
   * The site of a call about to ring a sleeping worker: where its task is awaited or
   * waited for (call-sites.ts AWAITED), which costs nothing until it fails. A capture
   * here, on cold caches, was a third of such a call's time. Captured with `callSites:
   * "all"`, and for a call through an entry point (called from submit(), which it is in).
   */
  siteBeforeRing(): void {
    if (this.caller === undefined) return;
    if (settings.callSites === "all" || throughEntry()) return this.captureSite();
    this.site = AWAITED;
    this.caller = undefined;
    this.task[kAwaitSite] = true;
  }
}

/*
 * A settled call's arguments go, and its task lets go of it (task.cancel() is false from
 * then on without asking it): the tasks a caller keeps after a burst keep no job.
 */

/** The call fails with `error`: the one place a call fails. */
export function fail(job: Job, error: unknown): void {
  job.args = undefined;
  job.task[kCanceller] = undefined;
  job.task[kSettle](false, error);
}

/** The call returned `value`. */
export function succeed(job: Job, value: unknown): void {
  job.args = undefined;
  job.task[kCanceller] = undefined;
  job.task[kSettle](true, value);
}

/** The call ends "cancelled" (cancel.ts settleCancelled clears a stopping call's grace first). */
export function cancelled(job: Job, reason: unknown): void {
  job.args = undefined;
  job.task[kCanceller] = undefined;
  job.task[kCancelled](reason);
}

export function isPrimitive(v: unknown): boolean {
  return v === null || (typeof v !== "object" && typeof v !== "function");
}

/** An error's message as a reason in another message, without its final period. */
export function reason(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/\.+$/, "");
}

/** Which argument could not be copied, and why: the first one structuredClone refuses. */
export function cloneFailure(name: string, args: readonly unknown[], error: unknown): DataCloneError {
  for (let i = 0; i < args.length; i++) {
    try {
      structuredClone(args[i]);
    } catch (e) {
      return new DataCloneError(name, i, reason(e));
    }
  }
  return new DataCloneError(name, 0, reason(error));
}

/**
 * Which argument of a call the worker could not decode: the only object among them, or
 * the first one this thread cannot copy either (a copy here decodes on this thread).
 */
export function unreadableArgument(args: readonly unknown[]): number {
  const objects = args.flatMap((a, i) => (isPrimitive(a) ? [] : [i]));
  for (const i of objects.length > 1 ? objects : []) {
    try {
      structuredClone(args[i]);
    } catch {
      return i;
    }
  }
  return objects[0] ?? 0;
}

/** The frames where the job was called, under a frame that names the function and its thread. */
export function callerFrames(job: Job, threadId: number | undefined): string {
  job.captureSite();
  return framesUnder(`    at ${job.spec.name} (tamed worker thread ${threadId ?? "?"})`, job.site);
}

/** An error made on this thread about a job gets the job's call site as its stack. */
export function atCallSite<E extends Error>(job: Job, threadId: number | undefined, error: E): E {
  error.stack = `${error.name}: ${error.message}\n${callerFrames(job, threadId)}`;
  return error;
}
