/**
 * Redis connections for tamed/bullmq: one ioredis client per use (BullMQ's blocking
 * reads and a pub/sub subscriber each need their own), from a URL or ioredis options.
 */
import { Redis, type RedisOptions } from "ioredis";

/** A Redis URL (`redis://127.0.0.1:6379`, `rediss://` for TLS) or ioredis options. */
export type Connection = string | RedisOptions;

export function checkConnection(owner: string, c: unknown): Connection {
  if (typeof c === "string" || (typeof c === "object" && c !== null)) return c as Connection;
  throw new TypeError(
    `${owner}: \`connection\` must be a Redis URL ("redis://127.0.0.1:6379") or ioredis options ({ host, port }), got ${c === null ? "null" : typeof c}`,
  );
}

/** A new client. BullMQ wants `maxRetriesPerRequest: null` (its blocking reads wait forever). */
export function connect(c: Connection): Redis {
  const r =
    typeof c === "string"
      ? new Redis(c, { maxRetriesPerRequest: null })
      : new Redis({ ...c, maxRetriesPerRequest: null });
  // While Redis is unreachable ioredis reconnects by itself, and emits an "error" per
  // try, which it prints when nobody listens. Commands meanwhile wait (or fail, and the
  // caller's poll tries again); nothing here needs the event.
  r.on("error", () => {});
  return r;
}
