/**
 * What travels through Redis between a caller and a worker process. BullMQ stores a
 * job's data and return value as JSON, which would turn a Map into {} and a Date into a
 * string: arguments and outcomes go as `v8.serialize` (structured clone, as between
 * threads) in base64 instead. Errors go as tamed's wire errors (class, message, cause,
 * own properties, stack), rebuilt on the caller's side.
 */
import { deserialize, serialize } from "node:v8";

/** A job's data. Short keys: it is stored once per call. */
export interface JobData {
  /** The caller's build id (build.ts). */
  readonly b: string;
  /** The worker module's path in the build. */
  readonly m: string;
  /** The function's name. */
  readonly n: string;
  /** makeAsync (true) or tamed (false). */
  readonly c: boolean;
  /** The arguments, v8-serialized, base64. */
  readonly a: string;
  /** Set by a cancel (cancel.ts): the worker that takes the job does not run it. */
  readonly x?: 1;
}

/** Where a call ran: the worker process's name and the thread there. */
export interface Where {
  readonly worker: string;
  readonly threadId: number | undefined;
}

export const OK = 0;
export const THREW = 1;
/** Cancelled before it began (its cancel key was there) or while it ran. */
export const CANCELLED = 2;
/** Taken by a worker of another build: not run. Carries the worker's build id. */
export const SKEW = 3;

export type Outcome =
  | [kind: typeof OK, value: unknown, where: Where]
  | [kind: typeof THREW, error: unknown, where: Where]
  | [kind: typeof CANCELLED, reason: string, where: Where]
  | [kind: typeof SKEW, build: string, where: Where];

export function pack(value: unknown): string {
  return serialize(value).toString("base64");
}

export function unpack(text: string): unknown {
  return deserialize(Buffer.from(text, "base64"));
}

/** A job's return value as BullMQ hands it back (JSON-parsed, or not), as an Outcome. */
export function readOutcome(returnvalue: unknown): Outcome | undefined {
  let text = returnvalue;
  if (typeof text === "string" && text.startsWith('"')) {
    try {
      text = JSON.parse(text);
    } catch {
      return undefined;
    }
  }
  if (typeof text !== "string") return undefined;
  try {
    const o = unpack(text);
    return Array.isArray(o) && typeof o[0] === "number" ? (o as Outcome) : undefined;
  } catch {
    return undefined;
  }
}

/** Redis keys and channel tamed keeps beside a BullMQ queue (under the same prefix). */
export function keys(prefix: string, queue: string): { alive: (worker: string) => string; channel: string } {
  const base = `${prefix}:${queue}:tamed`;
  return { alive: (w) => `${base}:alive:${w}`, channel: `${base}:cancel` };
}
