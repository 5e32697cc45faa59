/**
 * What a cluster worker process does about Redis being away (worker.ts): it says so
 * once, and once more when Redis answers again (ioredis retries by itself, silently),
 * and its stop() waits for BullMQ only while Redis answers.
 */
import type { Redis } from "ioredis";
import type { Connection } from "./connect.js";
import { clearInterval, setInterval, clock } from "../timers.js";

/**
 * How long stop() waits, once no job runs here, for a Redis that does not answer. BullMQ's
 * close() waits for its connections' "end", which ioredis never emits for a connection
 * closed while it reconnects: without a bound, a SIGTERM with Redis away stopped nothing.
 */
export const AWAY_MS = 1000;

/** Where `c` points, for a message: its password left out. */
export function describeConnection(c: Connection): string {
  if (typeof c !== "string") return `${c.host ?? "127.0.0.1"}:${c.port ?? 6379}`;
  try {
    const url = new URL(c);
    if (url.password !== "") url.password = "***";
    return url.href;
  } catch {
    return c.includes("@") ? "the URL given" : c;
  }
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
 * Resolves once `closing` has settled, or once `busy()` is false and `redis` has not
 * been connected for AWAY_MS: jobs still running here are always waited for.
 */
export function whileAnswered(closing: Promise<unknown>, busy: () => boolean, redis: Redis): Promise<void> {
  return new Promise((done) => {
    let awaySince: number | undefined;
    const watch = setInterval(() => {
      if (busy() || redis.status === "ready") awaySince = undefined;
      else if (clock() - (awaySince ??= clock()) >= AWAY_MS) finish();
    }, 100);
    const finish = (): void => {
      clearInterval(watch);
      done();
    };
    closing.then(finish, finish);
  });
}
