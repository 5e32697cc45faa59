/**
 * Each worker's outbox: calls for a worker that already has work, gathered while the
 * calling thread's synchronous run lasts and sent as one message. Also sending a call
 * by itself when a message of several could not be sent.
 */
import { ring } from "../doorbell.js";
import { CALLS, REQUESTS, SLEEPING, type Call } from "../protocol.js";
import { atCallSite, cloneFailure, fail } from "./job.js";
import type { Pool } from "./pool.js";
import type { Slot } from "./slot.js";
import { release } from "./workers.js";

/**
 * A worker that holds OUTBOX_DEPTH calls already has work for a while: calls to it made
 * in the same synchronous run gather in its outbox and go as one message, at the end of
 * the run (a microtask) or once OUTBOX_MAX have gathered, not a message each. A message
 * costs both threads a few microseconds whatever it holds, about as much as a trivial
 * call: a burst of 1,000 async calls spent more on messages than on anything else.
 * Fewer calls than that go at once: the worker may be about to fall idle, and a caller
 * busy until the end of its run would hold back work the worker could be doing.
 */
export const OUTBOX_DEPTH = 8;
export const OUTBOX_MAX = 64;

export function toOutbox(pool: Pool, slot: Slot, call: Call): void {
  if (slot.outbox !== undefined) {
    slot.outbox.push(call);
    return;
  }
  slot.outbox = [CALLS, call];
  pool.outboxes.push(slot);
  if (!pool.outboxQueued) {
    pool.outboxQueued = true;
    queueMicrotask(pool.sendOutboxes);
  }
}

/**
 * Sends the worker's outbox now: before anything else is posted to it (a call that
 * cannot wait, a cancel, a batch), and before a caller blocks in wait().
 */
export function flushOutbox(pool: Pool, slot: Slot): void {
  const box = slot.outbox;
  if (box === undefined) return;
  slot.outbox = undefined;
  try {
    slot.port.postMessage(box.length === 2 ? box[1] : box);
  } catch {
    // Arguments of calls behind others were copied when posted: all but impossible.
    for (let i = 1; i < box.length; i++) sendAlone(pool, slot, box[i] as Call);
  }
  ring(slot.ctl, REQUESTS, SLEEPING, 1);
}

/** Sends every outbox (the microtask toOutbox queues; a blocking wait()). */
export function flushOutboxes(pool: Pool): void {
  pool.outboxQueued = false;
  const slots = pool.outboxes;
  for (let i = 0; i < slots.length; i++) flushOutbox(pool, slots[i]!);
  slots.length = 0;
}

/** Sends one call by itself; if it cannot be sent, it fails alone. */
export function sendAlone(pool: Pool, slot: Slot, call: Call): void {
  try {
    slot.port.postMessage(call);
  } catch (e) {
    if (call[3] !== undefined) slot.forget(call[1]); // the next call there must bring the module's URL
    const job = slot.jobs.get(call[0]);
    if (job === undefined) return;
    const args = job.args!;
    release(pool, slot, job);
    fail(job, atCallSite(job, undefined, cloneFailure(job.spec.name, args, e)));
  }
}
