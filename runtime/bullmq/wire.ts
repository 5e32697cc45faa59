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

/**
 * The version of what this module defines, part of the build tag a job carries (`b`): a
 * caller and a worker whose tamed versions speak different wires are a build skew
 * (BuildMismatchError), never a misread outcome. Bumped with any change to JobData or
 * Outcome.
 */
const WIRE = 3;

/** The tag a job of build `id` carries: the build and the wire it was sent in. */
export function buildTag(id: string): string {
  return `${id}.${WIRE}`;
}

/**
 * A job's data. Short keys: it is stored once per call, and read back by the worker. The
 * function's name is the job's name. Redis keeps a hash whose every value is at most 64
 * bytes (its default hash-max-listpack-value) as one compact list, about a third of the
 * memory of the table it makes of any other, and cheaper to write: a trivial call's job
 * stays under that (its options too: see Caller's job options).
 */
export interface JobData {
  /** The caller's build tag (buildTag()). */
  readonly b: string;
  /** The worker module's index in its build (build.ts Build.modules). */
  readonly m: number;
  /** makeAsync (true) or tamed (false). */
  readonly c: boolean;
  /** The arguments, as pack() writes them: JSON, or v8.serialize in base64. */
  readonly a: string;
  /** Set by a cancel (cancel.ts): the worker that takes the job does not run it. */
  readonly x?: 1;
}

export const OK = 0;
export const THREW = 1;
/** Cancelled before it began (its cancel key was there) or while it ran. */
export const CANCELLED = 2;
/** Taken by a worker of another build or wire: not run. Carries the worker's build tag. */
export const SKEW = 3;

/**
 * A job's return value: how the call ended, then where it ran (the worker process's
 * name and its thread, null when it ran on none). Flat, not an object: it is in every
 * completion event and job hash, and each byte is parsed by the caller and Redis.
 */
export type Outcome =
  | [kind: typeof OK, value: unknown, worker: string, threadId: number | null]
  | [kind: typeof THREW, error: unknown, worker: string, threadId: number | null]
  | [kind: typeof CANCELLED, reason: string, worker: string, threadId: number | null]
  | [kind: typeof SKEW, build: string, worker: string, threadId: number | null];

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
 * v8.serialize.
 */
function jsonExact(value: unknown): boolean {
  budget = JSON_VALUES;
  try {
    return exact(value);
  } finally {
    met.length = 0;
  }
}

/**
 * The check's state, module-wide: a call allocates nothing of its own (it runs for every
 * cluster call's arguments and outcome). No code of anyone else's runs during a check (it
 * reads property descriptors, never calls a getter, and refuses a Proxy first), so no
 * check begins inside another. `budget` counts the values still to check, `met` holds
 * the objects met (at most JSON_VALUES: a linear search costs less than a Set).
 */
let budget = 0;
const met: object[] = [];

function exact(value: unknown): boolean {
  if (--budget < 0) return false;
  switch (typeof value) {
    case "string":
    case "boolean":
      return true;
    case "number":
      return Number.isFinite(value) && !Object.is(value, -0);
    case "object": {
      if (value === null) return true;
      if (types.isProxy(value)) return false;
      if (met.includes(value)) return false;
      met.push(value);
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto === Array.prototype) {
        const items = value as unknown[];
        if (Object.keys(items).length !== items.length) return false; // holes, or named properties
        for (const item of items) if (!exact(item)) return false;
        return true;
      }
      if (proto !== Object.prototype) return false;
      for (const key of Reflect.ownKeys(value)) {
        if (typeof key === "symbol") return false;
        const d = Object.getOwnPropertyDescriptor(value, key)!;
        if (!d.enumerable || !("value" in d) || !exact(d.value)) return false;
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
  return jsonExact(value) ? JSON.stringify(value) : serialize(value).toString("base64");
}

export function unpack(text: string): unknown {
  return text.charCodeAt(0) === 47 /* "/" */ ? deserialize(Buffer.from(text, "base64")) : JSON.parse(text);
}

/**
 * An outcome as the job's return value: the array itself when JSON carries it exactly
 * (BullMQ stores it as JSON text once), else its v8.serialize text (pack), which BullMQ
 * stores as a JSON string. Throws what v8.serialize throws.
 */
export function outcomeValue(o: Outcome): Outcome | string {
  return jsonExact(o) ? o : serialize(o).toString("base64");
}

/**
 * A job's return value as BullMQ hands it back, as an Outcome: an array (a completion
 * event's, JSON-parsed), JSON text of one (the job hash's field), or packed text, bare
 * (an event's) or as a JSON string (the hash's).
 */
export function readOutcome(returnvalue: unknown): Outcome | undefined {
  if (Array.isArray(returnvalue)) return typeof returnvalue[0] === "number" ? (returnvalue as Outcome) : undefined;
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
