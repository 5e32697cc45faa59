/**
 * How a cancel reaches a call's job in Redis, from the caller (caller.ts) or from the
 * waiter thread (waiter.ts): the cancel mark in the job's data, and what it tells the
 * canceller to do next.
 *
 * A worker takes a job in one BullMQ script that reads the job's data and sets its `pb`
 * ("processed by") field. The mark is written, and `pb` read, in one script of ours. So
 * either the mark came first, and the worker that takes the job finds it in the data it
 * took, with no Redis command of its own, and does not run it; or a worker had the job
 * already, and `pb` says so: then the worker is told by pub/sub, and keeps the ids it
 * hears of for a while, so that a message that comes before its processor has
 * registered the job still stops it (worker.ts).
 */
import type { Redis } from "ioredis";
import type { JobData } from "./wire.js";

// Only an existing job is marked: HSET on a missing key would make a hash BullMQ never wrote.
const MARK = `
if redis.call("EXISTS", KEYS[1]) == 0 then return false end
redis.call("HSET", KEYS[1], "data", ARGV[1])
return redis.call("HMGET", KEYS[1], "pb", "finishedOn")`;

/** Where the job was when it was marked: gone, still queued, held by a worker, or finished. */
export type Marked = "gone" | "queued" | "taken" | "finished";

/** Marks the job (BullMQ's key `jobKey`, added with `data`) cancelled. */
export async function markCancelled(redis: Redis, jobKey: string, data: JobData): Promise<Marked> {
  const r = (await redis.eval(MARK, 1, jobKey, JSON.stringify({ ...data, x: 1 } satisfies JobData))) as
    [string | null, string | null] | null;
  if (r === null) return "gone";
  const [worker, finishedOn] = r;
  return finishedOn !== null ? "finished" : worker !== null ? "taken" : "queued";
}
