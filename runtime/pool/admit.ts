/**
 * A call from submit() to its first place: checked (arguments that cannot cross to a
 * worker fail it here, on the calling thread), then posted, or queued. A call with
 * Unfuture arguments waits for them first (state "inputs", see job.ts).
 */
import { isBuffer, lostClass } from "../class-instance.js";
import { DataCloneError } from "../errors.js";
import { afterInputs, inputValues } from "../inputs.js";
import { MOVED_TWICE, movedTwice, transferList } from "../transfer.js";
import { enqueue, placeJob, queueOf } from "./dispatch.js";
import { atCallSite, cancelled, fail, isPrimitive, type Job } from "./job.js";
import type { Pool } from "./pool.js";

export function start(pool: Pool, job: Job): void {
  const args = job.args!;
  for (let i = 0; i < args.length; i++) {
    const why = lostClass(args[i]);
    if (why !== undefined) {
      fail(job, atCallSite(job, undefined, new DataCloneError(job.spec.name, i, why)));
      return;
    }
    if (isBuffer(args[i])) (job.buffers ??= []).push(i);
  }
  const moved = job.moves === undefined ? -1 : movedTwice(args, job.moves);
  if (moved >= 0) {
    fail(job, atCallSite(job, undefined, new DataCloneError(job.spec.name, moved, MOVED_TWICE)));
    return;
  }
  // Behind calls of its kind already queued, never ahead of them.
  if (queueOf(pool, job).size > 0 || !placeJob(pool, job)) enqueue(pool, job);
}

/**
 * An Unfuture among the arguments (a task's result feeding the next task) is awaited
 * first and its value sent: the call starts when every such argument has settled,
 * synchronously (a blocked wait() sees it happen). A failed or cancelled argument
 * fails or cancels the call, with that argument's error (inputs.ts settles it).
 */
export function startAfterInputs(pool: Pool, job: Job): void {
  const args = job.args!;
  pool.awaitingInputs.add(job);
  const ready = (): void => {
    pool.awaitingInputs.delete(job);
    if (job.task.done()) return;
    if (pool.stopped) {
      cancelled(job, "the pool was shut down");
      return;
    }
    const values = inputValues(args, job.task);
    if (values === undefined) {
      job.args = undefined;
      return;
    }
    job.args = values;
    job.moves = transferList(values);
    job.live = job.moves !== undefined || !values.every(isPrimitive);
    start(pool, job);
  };
  // Cancelled while it waits: the pool lets go of the call (and its arguments) now.
  afterInputs(args, job.task, ready, () => pool.awaitingInputs.delete(job));
}
