/**
 * What a cluster worker process does about Redis being away (worker.ts): it says so
 * once, and once more when Redis answers again (ioredis retries by itself, silently),
 * and its stop() gives BullMQ a bounded time once no job runs here.
 */
import type { Redis } from "ioredis";
import type { Connection } from "./connect.js";
import { clearInterval, setInterval, clock } from "../timers.js";

/**
 * How long stop(), once no job runs here, gives BullMQ to store the last results and let
 * go of its connections. That takes milliseconds with Redis there; with Redis away, or
 * back in the middle of it, or frozen with the connection open, BullMQ's close() never
 * settles (it waits for its connections' "end", which ioredis does not emit for one closed
 * while it reconnects), and a SIGTERM stopped nothing.
 */
export const STORE_MS = 2000;

/**
 * Where `c` points, for a message, with no secret in it: a URL's user and password
 * (with or without its scheme: ioredis takes `user:pw@host`) and its query (ioredis
 * reads `?password=`) are left out.
 */
export function describeConnection(c: Connection): string {
  if (typeof c !== "string") return `${c.host ?? "127.0.0.1"}:${c.port ?? 6379}`;
  return c.replace(/\?.*$/s, "").replace(/^([a-z][a-z0-9+.-]*:\/\/)?.*@/is, "$1***@");
}

/** Calls `say` when `redis` cannot connect (once, until it has connected again) and when it has. */
export function reportReachability(redis: Redis, where: string, say: (line: string) => void): void {
  let away = false;
  redis.on("error", (e: Error) => {
    if (away || redis.status === "ready") return;
    away = true;
    say(`cannot reach Redis at ${where} (${e.message}); trying again until it answers`);
  });
  redis.on("ready", () => {
    if (!away) return;
    away = false;
    say(`Redis at ${where} answers again`);
  });
}

/**
 * Resolves once `closing` has settled, or STORE_MS after `busy()` was first seen false:
 * jobs still running here are always waited for.
 */
export function afterJobs(closing: Promise<unknown>, busy: () => boolean): Promise<void> {
  return new Promise((done) => {
    let idleSince: number | undefined;
    const watch = setInterval(() => {
      if (busy()) idleSince = undefined;
      else if (clock() - (idleSince ??= clock()) >= STORE_MS) finish();
    }, 100);
    const finish = (): void => {
      clearInterval(watch);
      done();
    };
    closing.then(finish, finish);
  });
}
