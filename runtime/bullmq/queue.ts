/**
 * A caller's connections to its BullMQ queue, opened with its first call: the queue it
 * adds jobs to, the events listener that settles most calls (its completion events),
 * and a plain client for its own reads (the poll, cancels). Events are best-effort: they
 * only make the common case fast, and the poll (poll.ts) settles what they miss.
 */
import { Queue, QueueEvents } from "bullmq";
import type { Redis } from "ioredis";
import type { Call, Calls } from "./calls.js";
import { connect } from "./connect.js";
import type { Settings } from "./options.js";
import { clock } from "../timers.js";

export interface Started {
  readonly queue: Queue;
  readonly events: QueueEvents;
  readonly redis: Redis;
  readonly connections: readonly Redis[];
  readonly ready: Promise<unknown>;
}

/** Opens them; `look` reads the jobs of these calls now (the poll's lookup). */
export function startQueue(o: Settings, calls: Calls, look: (due: Call[]) => void): Started {
  const { connection, prefix } = o;
  // BullMQ leaves connections it was given open at close(): the backend's close() disconnects them.
  const redis = connect(connection);
  const queueRedis = connect(connection);
  const eventsRedis = connect(connection);
  // BullMQ trims its events stream to 10,000 entries by default: a burst of a few
  // thousand calls (four events each) outruns the listener, and calls whose completion
  // was trimmed away wait for the poll. A longer stream (about 100 bytes an entry) keeps them.
  const queue = new Queue(o.queue, {
    connection: queueRedis,
    prefix,
    streams: { events: { maxLen: 200_000 } },
  });
  const events = new QueueEvents(o.queue, { connection: eventsRedis, prefix });
  // Connection errors while Redis is away: ioredis reconnects, and the poll catches up.
  queue.on("error", () => {});
  events.on("error", () => {});
  events.on("completed", ({ jobId, returnvalue }) => calls.completed(jobId, returnvalue));
  events.on("active", ({ jobId }) => {
    const call = calls.get(jobId);
    if (call === undefined) return;
    call.task.taken();
    call.every = o.pollMs; // from now on its worker's heartbeat is watched
    call.seen = clock();
  });
  // A failed job (stalled past maxStalledCount, say) has no outcome of ours: the poll reads why.
  events.on("failed", ({ jobId }) => {
    const call = calls.get(jobId);
    if (call !== undefined) look([call]);
  });
  return {
    queue,
    events,
    redis,
    connections: [redis, queueRedis, eventsRedis],
    ready: Promise.all([queue.waitUntilReady(), events.waitUntilReady()]),
  };
}
