/**
 * A worker process's heartbeat: the key that tells callers it is alive (wire.ts
 * keys.alive). Written with a TTL of heartbeatMs every heartbeatMs / 3; again as soon as
 * the connection is back, since Redis restarted without persistence has lost it and a
 * caller reading it then would take this process for dead; deleted when the process stops,
 * so that the callers of jobs it let go learn at once, not a TTL later.
 */
import type { Redis } from "ioredis";
import { afterJobs } from "./reachable.js";
import { setInterval, clearInterval } from "../timers.js";

export class Heartbeat {
  readonly #redis: Redis;
  readonly #key: string;
  readonly #ms: number;
  readonly #timer: ReturnType<typeof setInterval>;
  #written = false;
  #ended = false;

  /** Starts beating; `each` runs at every beat too (the worker's read of its jobs' cancel marks). */
  constructor(redis: Redis, key: string, ms: number, each: () => void) {
    this.#redis = redis;
    this.#key = key;
    this.#ms = ms;
    redis.on("close", () => (this.#written = false));
    redis.on("ready", () => void this.beat().catch(() => {}));
    this.#timer = setInterval(
      () => {
        void this.beat().catch(() => {});
        each();
      },
      Math.max(100, Math.floor(ms / 3)),
    );
  }

  /** Whether the key was written since the connection last opened: a job starts only then. */
  get written(): boolean {
    return this.#written;
  }

  beat(): Promise<unknown> {
    if (this.#ended) return Promise.resolve();
    return this.#redis.set(this.#key, "1", "PX", this.#ms).then(() => {
      this.#written = true;
    });
  }

  /** Stops beating and deletes the key (a Redis that does not answer gets reachable.ts's STORE_MS). */
  async end(): Promise<void> {
    this.#ended = true;
    clearInterval(this.#timer);
    if (this.#redis.status === "ready") await afterJobs(this.#redis.del(this.#key), () => false);
  }
}
