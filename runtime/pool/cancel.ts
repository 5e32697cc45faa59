/**
 * Cancelling calls, and the timers that bound it: a call's grace after it was asked to
 * stop, and the ping that tells whether a worker's event loop is still free after a
 * cancelled async call was let go. A caller blocked in wait() runs no timers: it
 * expires what is due itself (expireDue) and sleeps no longer than the next deadline.
 */
import { isDone } from "../doorbell.js";
import { CANCEL, CANCEL_CALL, NO_CELL, PING, type Cancel, type Ping } from "../protocol.js";
import { settings } from "../settings.js";
import { retire } from "./crashes.js";
import { pump } from "./dispatch.js";
import { cancelled, type Job } from "./job.js";
import type { Pool } from "./pool.js";
import { drainSlot } from "./replies.js";
import type { Slot } from "./slot.js";
import { release } from "./workers.js";
import { setTimeout, clearTimeout, clock } from "../timers.js";

/**
 * Cancels a job (a task's cancel(), through its Job). Queued: it is dropped and
 * settles now. Posted: the worker is told (a message, and the job's id in the worker's
 * ctl for a CPU-bound call that cannot read messages), and the job settles "cancelled"
 * when the worker lets go of it, or when `graceMs` runs out (expire).
 */
export function cancelJob(pool: Pool, job: Job, reason: unknown): boolean {
  if (job.task.done()) return false;
  if (job.stopping !== undefined) return true;
  // Its reply may be here, unread: then its result exists, and it is not cancelled.
  if (job.slot !== undefined && pool.slots.includes(job.slot)) drainSlot(pool, job.slot);
  if (job.task.done()) return false;
  // The replies read may have run callbacks that cancelled this very job (a sibling's
  // failure under errorMode "cancel" cancels the scope): it is being stopped already.
  // Stopping it a second time would count it twice in its worker's `cancelling`, and
  // the worker, never seen free again, would take no call from then on.
  if (job.stopping !== undefined) return true;
  const slot = job.slot;
  if (slot === undefined) {
    cancelled(job, reason); // pump skips it
    return true;
  }
  if (slot.takeBack(job)) {
    // Not begun (waiting at a busy worker, for its module to load, or for an event
    // loop a neighbour holds): it settles now, and the worker skips it.
    release(pool, slot, job);
    cancelled(job, reason);
    pump(pool);
    return true;
  }
  // A function that has returned (or an async one whose promise settled): its reply is
  // on its way, even one this thread cannot read or one still being copied, and it
  // settles with that.
  if (job.cell !== NO_CELL && isDone(slot.ctl, job.cell)) return false;
  const deadline = clock() + settings.graceMs;
  job.stopping = { reason, deadline, timer: setTimeout(() => expire(pool, job), settings.graceMs) };
  pool.cancelling.add(job);
  slot.cancelling++;
  const message: Cancel = [CANCEL_CALL, job.id];
  slot.post(message);
  Atomics.store(slot.ctl, CANCEL, job.id);
  slot.ring();
  return true;
}

/**
 * A cancelled job's grace ran out. A CPU-bound job holds its worker's thread, so the
 * worker is terminated (a new one starts when needed); an async job only holds a
 * place in its worker's event loop, so it is let go and its worker kept until its
 * other tasks are done (a late reply is ignored).
 */
function expire(pool: Pool, job: Job): void {
  const slot = job.slot;
  if (job.stopping === undefined || job.task.done() || slot === undefined) return;
  // Its reply, and its neighbours', may be here unread (this thread was busy when they
  // came, and the timer ran before the port was read): read first, or a worker that
  // has answered everything would be terminated, and the calls behind it failed.
  if (pool.slots.includes(slot)) drainSlot(pool, slot);
  if (job.task.done() || job.slot !== slot) return;
  if (job.cell !== NO_CELL && isDone(slot.ctl, job.cell)) {
    // It has returned and its reply is on its way (still being copied): it lets go by itself.
    const timer = setTimeout(() => expire(pool, job), settings.graceMs);
    job.stopping = { ...job.stopping, deadline: clock() + settings.graceMs, timer };
    return;
  }
  if (!job.spec.cpu) {
    // The task may still run there (it went on awaiting, or will work synchronously
    // later): the worker takes no new call, and is replaced once its other calls end.
    slot.retiring = true;
    release(pool, slot, job);
    settleCancelled(pool, job);
    if (pool.slots.includes(slot)) ping(pool, slot);
    pump(pool);
    return;
  }
  retire(pool, slot, undefined, undefined, undefined, true);
  void slot.worker.terminate();
}

/**
 * A cancelled async task was let go without an answer. If it is only awaiting, its
 * worker answers a ping at once and stays in use; if it is stuck in synchronous code,
 * the worker's event loop is blocked (and so are its other tasks): no answer within
 * graceMs, and the worker is terminated (unresponsive). No new call goes to it meanwhile.
 */
function ping(pool: Pool, slot: Slot): void {
  if (slot.ping !== undefined) return;
  const token = ++pool.pings;
  const timer = setTimeout(() => unresponsive(pool, slot, token), settings.graceMs);
  const now = clock();
  slot.ping = { token, since: now, deadline: now + settings.graceMs, timer };
  const message: Ping = [PING, token];
  slot.post(message);
  slot.ring();
}

/**
 * How long a worker that holds a call nobody cancelled is asked again, graceMs apart,
 * before it is terminated (at least 4 graces): that call may be the one in a long
 * synchronous stretch, not the cancelled one, and it is left to finish. But if the
 * cancelled one is stuck for good, every call on that event loop would wait forever,
 * and the worker would take no new call: an async task that holds its event loop this
 * long without an await is taken for stuck too.
 */
const NEIGHBOUR_PATIENCE_MS = 10_000;

function unresponsive(pool: Pool, slot: Slot, token: number): void {
  const p = slot.ping;
  if (p?.token !== token) return;
  clearTimeout(p.timer);
  if (clock() - p.since < Math.max(NEIGHBOUR_PATIENCE_MS, 4 * settings.graceMs)) {
    for (const job of slot.jobs.values()) {
      if (job.stopping === undefined) {
        slot.ping = {
          ...p,
          deadline: clock() + settings.graceMs,
          timer: setTimeout(() => unresponsive(pool, slot, token), settings.graceMs),
        };
        return;
      }
    }
  }
  // Only cancelled tasks are left on it (it is one of them), or it stayed blocked past
  // NEIGHBOUR_PATIENCE_MS: its other calls fail with WorkerCrashedError.
  slot.ping = undefined;
  retire(
    pool,
    slot,
    undefined,
    new Error("the worker stopped answering: a cancelled task kept its event loop busy"),
    undefined,
    true,
  );
  void slot.worker.terminate();
}

/** A call asked to stop has let go (or was let go): it ends "cancelled", with the reason it was given. */
export function settleCancelled(pool: Pool, job: Job): void {
  const c = job.stopping;
  if (c !== undefined) {
    clearTimeout(c.timer);
    pool.cancelling.delete(job);
  }
  cancelled(job, c?.reason);
}

/** Grace periods and pings that ran out while this thread was blocked (its timers cannot fire then). */
export function expireDue(pool: Pool, now: number): void {
  if (pool.cancelling.size === 0 && !pool.slots.some((s) => s.ping !== undefined)) return;
  for (const job of [...pool.cancelling])
    if (job.stopping !== undefined && job.stopping.deadline <= now) expire(pool, job);
  for (const slot of [...pool.slots])
    if (slot.ping !== undefined && slot.ping.deadline <= now) unresponsive(pool, slot, slot.ping.token);
}

/** The nearest grace or ping deadline before `until`. */
export function nextDeadline(pool: Pool, until: number): number {
  for (const job of pool.cancelling)
    if (job.stopping !== undefined && job.stopping.deadline < until) until = job.stopping.deadline;
  for (const slot of pool.slots) if (slot.ping !== undefined && slot.ping.deadline < until) until = slot.ping.deadline;
  return until;
}
