/**
 * The poll that makes every call settle although BullMQ's events are best-effort: it
 * reads the jobs of calls that have not heard back for a while and settles those that
 * have ended, one way or another, including those whose worker process has died; and
 * the earlier jobs of calls run again after a loss, whose late outcome still counts.
 */
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { WorkerLostError } from "../bundle.js";
import type { Call, Calls } from "./calls.js";
import { keys } from "./wire.js";
import { clock } from "../timers.js";

export interface PollTarget {
  readonly queue: Queue;
  readonly redis: Redis;
  readonly prefix: string;
  readonly pollMs: number;
}

/**
 * Reads these calls' jobs and settles those that have ended. One pipelined round trip
 * reads a few fields of every job's hash (BullMQ's job key, `queue.toKey(id)`; `pb` is
 * its "processed by" field), a second one the heartbeat keys of the workers holding
 * them: a poll of hundreds of calls costs Redis little. A read that fails (Redis
 * unreachable) throws and decides nothing: the next poll tries again.
 */
export async function lookUp(calls: Calls, due: readonly Call[], t: PollTarget): Promise<void> {
  const now = clock();
  const read = t.redis.pipeline();
  for (const c of due) read.hmget(t.queue.toKey(c.id), "timestamp", "finishedOn", "pb", "returnvalue", "failedReason");
  const rows = (await read.exec()) ?? [];
  const held: { call: Call; worker: string }[] = [];
  for (let i = 0; i < due.length; i++) {
    const call = due[i]!;
    const [error, fields] = rows[i] ?? [new Error("no reply")];
    // Settled, or run again while this read was out (its task is the retry's now): nothing to learn.
    if (error !== null || calls.get(call.id) !== call || call.task.done()) continue;
    call.seen = now;
    const [timestamp = null, finishedOn = null, worker = null, returnvalue = null, failedReason = null] = fields as (
      string | null
    )[];
    if (calls.ended(call, timestamp, finishedOn, worker, returnvalue, failedReason)) continue;
    if (worker === null) {
      // Still waiting for a worker: looked at less often, so that a long queue costs Redis little.
      call.every = Math.min(call.every * 2, t.pollMs * 8);
    } else {
      call.every = t.pollMs;
      call.task.taken();
      held.push({ call, worker });
    }
  }
  if (held.length === 0) return;
  const k = keys(t.prefix, t.queue.name);
  const workers = [...new Set(held.map((h) => h.worker))];
  const alive = await t.redis.pipeline(workers.map((w) => ["exists", k.alive(w)])).exec();
  const gone = new Set(workers.filter((_, i) => alive?.[i]?.[0] === null && alive[i]![1] === 0));
  if (gone.size === 0) return;
  // Read again: a call may have finished just before its worker stopped.
  const lost = held.filter((h) => gone.has(h.worker) && calls.get(h.call.id) === h.call);
  const again = await t.redis
    .pipeline(lost.map((h) => ["hmget", t.queue.toKey(h.call.id), "finishedOn", "returnvalue"]))
    .exec();
  lost.forEach(({ call, worker }, i) => {
    const [error, fields] = again?.[i] ?? [new Error("no reply")];
    if (error !== null || calls.get(call.id) !== call || call.task.done()) return;
    const [finishedOn, returnvalue] = fields as (string | null)[];
    if (finishedOn !== null && returnvalue !== null && returnvalue !== undefined) calls.completed(call.id, returnvalue);
    else {
      const silentMs = clock() - now;
      calls.lost(call, (closed) => new WorkerLostError(call.spec.name, worker, silentMs, call.tries, closed));
    }
  });
}

/**
 * Reads the earlier jobs of calls that were run again after a loss (Calls.retiredDue):
 * one that finished after all settles its task through the book's late path (the retry's
 * job is withdrawn); one that ended otherwise, or is gone, is no longer watched.
 */
export async function lookUpRetired(calls: Calls, due: readonly Call[], t: PollTarget): Promise<void> {
  const read = t.redis.pipeline();
  for (const c of due) read.hmget(t.queue.toKey(c.id), "timestamp", "finishedOn", "returnvalue");
  const rows = (await read.exec()) ?? [];
  const now = clock();
  due.forEach((c, i) => {
    const [error, fields] = rows[i] ?? [new Error("no reply")];
    if (error !== null) return;
    c.seen = now;
    const [timestamp = null, finishedOn = null, returnvalue = null] = fields as (string | null)[];
    calls.readEarlier(c.id, timestamp, finishedOn, returnvalue);
  });
}
