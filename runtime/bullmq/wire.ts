/**
 * What travels through Redis between a caller and a worker process. BullMQ stores a
 * job's data and return value as JSON, which would turn a Map into {} and a Date into a
 * string: arguments and outcomes go as `v8.serialize` (structured clone, as between
 * threads) in base64 instead, unless JSON gives back exactly what a structured clone
 * would (see jsonExact). Errors go as tamed's wire errors (class, message, cause, own
 * properties, stack), rebuilt on the caller's side.
 */
import { types } from "node:util";
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

/**
 * Values JSON carries exactly as a structured clone does, checked up to this many of
 * them (larger ones go as v8.serialize, whose fixed cost no longer matters there).
 */
const JSON_VALUES = 256;

/**
 * Whether JSON.parse(JSON.stringify(value)) equals a structured clone of it: strings,
 * booleans, null, finite numbers other than -0, and arrays without holes or extra
 * properties and plain objects of those, each object once (a clone keeps an object met
 * twice one object; JSON would make two). Anything else (undefined, NaN, a Date, a Map,
 * a class instance, a getter, a toJSON, a Proxy, which a clone refuses) goes as
 * v8.serialize. `budget.n` counts the values still to check, `budget.seen` holds the
 * objects met.
 */
function jsonExact(value: unknown, budget: { n: number; seen: Set<object> | undefined }): boolean {
  if (--budget.n < 0) return false;
  switch (typeof value) {
    case "string":
    case "boolean":
      return true;
    case "number":
      return Number.isFinite(value) && !Object.is(value, -0);
    case "object": {
      if (value === null) return true;
      if (types.isProxy(value)) return false;
      const seen = (budget.seen ??= new Set());
      if (seen.has(value)) return false;
      seen.add(value);
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto === Array.prototype) {
        const items = value as unknown[];
        if (Object.keys(items).length !== items.length) return false; // holes, or named properties
        for (const item of items) if (!jsonExact(item, budget)) return false;
        return true;
      }
      if (proto !== Object.prototype) return false;
      for (const key of Reflect.ownKeys(value)) {
        if (typeof key === "symbol") return false;
        const d = Object.getOwnPropertyDescriptor(value, key)!;
        if (!d.enumerable || !("value" in d) || !jsonExact(d.value, budget)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/**
 * One value as text: JSON when that is exact (about 30 times cheaper than
 * v8.serialize and base64 for the small arguments and results most calls have), else
 * v8.serialize in base64, whose first character is always "/" (its version byte 0xFF),
 * which no JSON text begins with.
 */
export function pack(value: unknown): string {
  return jsonExact(value, { n: JSON_VALUES, seen: undefined })
    ? JSON.stringify(value)
    : serialize(value).toString("base64");
}

export function unpack(text: string): unknown {
  return text.charCodeAt(0) === 47 /* "/" */ ? deserialize(Buffer.from(text, "base64")) : JSON.parse(text);
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
