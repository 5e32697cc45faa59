/**
 * How a cancel reaches a call's job in Redis, from the caller (caller.ts) or from the
 * waiter thread (waiter.ts): the cancel mark on the job, and the message to its worker.
 *
 * A worker takes a job in one BullMQ script that reads the job's data and sets its `pb`
 * ("processed by") field. The mark is written, `pb` read and the message published in
 * one script of ours. So either the mark came first, and the worker that takes the job
 * finds it in the data it took, with no Redis command of its own, and does not run it;
 * or a worker had the job already, and is told by pub/sub: it keeps the ids it hears of
 * for a while, so that a message that comes before its processor has registered the job
 * still stops it. Pub/sub delivers at most once (a subscriber reconnecting misses what
 * was published meanwhile), so the worker also reads the mark's own field, `tc`, of the
 * jobs it runs, with its heartbeat (worker.ts).
 */
import type { Redis } from "ioredis";
import type { JobData } from "./wire.js";

/** The job hash's field that says the job was cancelled (read by the worker that runs it). */
export const CANCEL_MARK = "tc";

// Only an existing job is marked: HSET on a missing key would make a hash BullMQ never wrote.
// KEYS[1]: the job's hash; ARGV: its data marked cancelled, the cancel channel, the job's id.
const MARK = `
if redis.call("EXISTS", KEYS[1]) == 0 then return false end
redis.call("HSET", KEYS[1], "data", ARGV[1], "${CANCEL_MARK}", "1")
local at = redis.call("HMGET", KEYS[1], "pb", "finishedOn")
if at[1] and not at[2] then redis.call("PUBLISH", ARGV[2], ARGV[3]) end
return at`;

/** Where the job was when it was marked: gone, still queued, held by a worker (told), or finished. */
export type Marked = "gone" | "queued" | "taken" | "finished";

/**
 * Marks job `id` (BullMQ's key `jobKey`, added with `data`) cancelled, and tells the
 * worker holding it on `channel`.
 */
export async function markCancelled(
  redis: Redis,
  jobKey: string,
  data: JobData,
  channel: string,
  id: string,
): Promise<Marked> {
  const marked = JSON.stringify({ ...data, x: 1 } satisfies JobData);
  const r = (await redis.eval(MARK, 1, jobKey, marked, channel, id)) as [string | null, string | null] | null;
  if (r === null) return "gone";
  const [worker, finishedOn] = r;
  return finishedOn !== null ? "finished" : worker !== null ? "taken" : "queued";
}
