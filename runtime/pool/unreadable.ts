/**
 * The recovery from a message between the pool and a worker that could not be decoded
 * (Node drops it, and the id of its call goes with it): the worker is asked which
 * calls it holds (LIST_OPEN), and its answer (OPEN), which comes after every reply to
 * what was posted before the question, tells which calls were lost and which way. A
 * call lost on its way there is sent again alone; one lost again, or a reply lost on
 * its way back, fails with DataCloneError.
 */
import { DataCloneError } from "../errors.js";
import { NO_CELL, LIST_OPEN, type ListOpen } from "../protocol.js";
import { settleTogether } from "../settle-queue.js";
import { settleCancelled } from "./cancel.js";
import { postAgain, pump } from "./dispatch.js";
import { atCallSite, fail, unreadableArgument, type Job } from "./job.js";
import type { Pool } from "./pool.js";
import type { Slot } from "./slot.js";
import { release } from "./workers.js";

/**
 * A message between this thread and the worker could not be decoded (`fromWorker`:
 * a reply, here; else a call, there), and with it went the id of its call. The worker
 * is asked which calls it holds; its answer comes after every reply to what was
 * posted before the question (checked). Failures seen before that answer are covered
 * by the same question.
 */
export function unreadable(pool: Pool, slot: Slot, fromWorker: boolean, why: string): void {
  if (!pool.slots.includes(slot)) return;
  let check = slot.check;
  if (check === undefined) {
    check = slot.check = {
      token: ++pool.pings,
      jobs: [...slot.jobs.keys()],
      toWorker: undefined,
      fromWorker: undefined,
    };
    const message: ListOpen = [LIST_OPEN, check.token];
    slot.post(message);
    slot.ring();
  }
  if (fromWorker) check.fromWorker ??= why;
  else check.toWorker ??= why;
}

/** The worker's answer: calls posted before the question, unanswered, and not held there were lost. */
export function checked(pool: Pool, slot: Slot, token: number, held: readonly number[]): void {
  const check = slot.check;
  if (check === undefined || check.token !== token) return;
  slot.check = undefined;
  const open = new Set(held);
  if (slot.resent !== undefined) for (const id of slot.resent) if (!slot.jobs.has(id)) slot.resent.delete(id);
  // Calls lost on their way there, that can be sent again: one message may have carried
  // several calls, and one argument the worker cannot read loses them all. Each goes
  // again alone, and fails only if it is lost again.
  const again: Job[] = [];
  // Settled together: a callback of one that waits on another finds it settled.
  settleTogether(() => {
    for (const id of check.jobs) {
      const job: Job | undefined = slot.jobs.get(id);
      if (job === undefined || open.has(id)) continue;
      // A CPU call the worker never claimed never arrived; else, whichever direction failed.
      const toWorker = job.cell !== NO_CELL ? slot.unclaimed(job) : check.toWorker !== undefined;
      const args = job.args ?? [];
      // The lost call may have been the one that brought its module's URL.
      if (toWorker) slot.forget(job.spec.module);
      if (toWorker && job.stopping === undefined && job.resendable && slot.resent?.has(id) !== true) {
        again.push(job);
        continue;
      }
      slot.resent?.delete(id);
      release(pool, slot, job);
      if (job.stopping !== undefined) {
        settleCancelled(pool, job);
        continue;
      }
      const error = toWorker
        ? new DataCloneError(
            job.spec.name,
            unreadableArgument(args),
            `the worker thread could not read it: ${check.toWorker ?? "its message could not be decoded"}`,
          )
        : new DataCloneError(
            job.spec.name,
            "result",
            `the calling thread could not read it: ${check.fromWorker ?? "its message could not be decoded"}`,
          );
      fail(job, atCallSite(job, slot.threadId, error));
    }
  });
  for (const job of again) {
    (slot.resent ??= new Set()).add(job.id);
    postAgain(pool, slot, job);
  }
  pump(pool);
}
