/**
 * Errors crossing threads. Structured clone keeps only a built-in error's message
 * and stack, so the worker flattens an error into plain data (class name, name,
 * message, stack, cause chain, AggregateError.errors, own data properties) and the
 * caller's thread builds an error of the same class from it.
 *
 * A user's class is identified by its position in the function's list of error
 * classes (the worker module's `__tamed_errors` and the descriptor's `errors` list the
 * same classes in the same order, docs/contract.md), not by its name: a minifier or a
 * bundler's renaming gives the class one name in the bundle and another in the worker
 * module. Its name is the fallback, for a class the list does not hold.
 */

import { kTamedError, TAMED_ERRORS } from "./errors.js";

export interface WireError {
  readonly ctor: string;
  /** Index of the error's own class in the function's error classes (ErrorClasses), when it is one of them. */
  readonly cls?: number;
  /** One of tamed's own classes (TAMED_ERRORS), whichever copy of the runtime made it. */
  readonly tamed?: string;
  readonly name: string;
  readonly message: string;
  readonly stack: string | undefined;
  readonly cause?: Wire;
  readonly errors?: Wire[];
  readonly props?: Record<string, unknown>;
  /** The keys of `props` that were not enumerable on the thrown error (ZodError's `issues`): rebuilt so. */
  readonly hidden?: string[];
}

/** A thrown value that is not an Error travels as itself when it can be cloned. */
export type Wire = WireError | { readonly thrown: unknown };

/** A user's Error subclass. */
export type ErrorClass = abstract new (...args: never[]) => Error;
/**
 * The function's error classes, in the order the transformer wrote them: the worker
 * module's `__tamed_errors()` on the worker's side, the descriptor's `errors()` on the
 * caller's. The same class has the same index in both, whatever each is named.
 */
export type ErrorClasses = readonly unknown[];

import { types } from "node:util";
import { cloneable, get, ownData, text, textOr, UNREADABLE } from "./guarded-reads.js";

/** Levels of `cause` and `errors` kept; deeper ones are cut (a chain of 10,000 causes could not be read on the other side). */
const MAX_DEPTH = 8;
const OWN_SKIP = new Set(["name", "message", "stack", "cause", "errors"]);
/**
 * The class index of an error rebuilt without its class list (tamed/bullmq's worker
 * process, whose pool has none): sent on again when the error is, so that the caller,
 * which has the list, still finds the class.
 */
const kClassIndex = Symbol("tamed.errorClassIndex");

/** The index of the class `e` is a direct instance of (not of a subclass) in `classes`; -1 when none is. */
function classIndex(e: object, classes: ErrorClasses | undefined): number {
  if (classes === undefined) return -1;
  let proto: unknown;
  try {
    proto = Object.getPrototypeOf(e);
  } catch {
    return -1; // a Proxy's trap
  }
  for (let i = 0; i < classes.length; i++) {
    const C = classes[i];
    if (typeof C === "function" && get(C, "prototype") === proto) return i;
  }
  return -1;
}

/**
 * A real error: made by an Error constructor (also another realm's, or a subclass's),
 * or with Error.prototype in its chain. An object that only has `name` and `message` is
 * not one: it travels as itself, like any other thrown value. (`instanceof` on a Proxy
 * runs its trap: a trap that throws makes the value unreadable, see toWire.)
 */
function isError(e: unknown): e is Error {
  return types.isNativeError(e) || e instanceof Error;
}

/**
 * Worker side: an error (or any thrown value) as cloneable data. Every part of an error
 * is read on its own, so a getter that throws loses that part only. Throws only when the
 * thrown value cannot be looked at at all (a Proxy whose traps throw): the worker then
 * fails the call with DataCloneError.
 */
export function toWire(
  e: unknown,
  classes?: ErrorClasses,
  depth = 0,
  seen = new Map<unknown, Wire | undefined>(),
): Wire {
  if (!isError(e)) return { thrown: cloneable(e) ? e : text(e) };
  // An error met again: its wire once done (errors shared by members or causes are
  // flattened once, and arrive as errors each time), its text while it is being
  // flattened (a cycle).
  if (seen.has(e)) return seen.get(e) ?? { thrown: textOr(e, "(a cycle in the error's causes)") };
  seen.set(e, undefined);
  const ctor = get(get(e, "constructor"), "name");
  const name = get(e, "name");
  const message = get(e, "message");
  const stack = get(e, "stack");
  const wire: { -readonly [K in keyof WireError]: WireError[K] } = {
    ctor: typeof ctor === "string" && ctor !== "" ? ctor : "Error",
    name: typeof name === "string" ? name : typeof ctor === "string" && ctor !== "" ? ctor : "Error",
    message:
      typeof message === "string"
        ? message
        : message === UNREADABLE
          ? "(its message could not be read: the getter threw)"
          : textOr(message, ""),
    stack: typeof stack === "string" ? stack : undefined,
  };
  let props: Record<string, unknown> | undefined;
  let hidden: string[] | undefined;
  for (const [key, enumerable] of ownData(e)) {
    if (OWN_SKIP.has(key)) continue;
    const v = get(e, key);
    if (v === UNREADABLE || typeof v === "function" || !cloneable(v)) continue;
    (props ??= {})[key] = v;
    if (!enumerable) (hidden ??= []).push(key);
  }
  if (props !== undefined) wire.props = props;
  if (hidden !== undefined) wire.hidden = hidden;
  const own = get(e, kTamedError);
  if (typeof own === "string") wire.tamed = own;
  const cls = classIndex(e, classes);
  const carried = cls < 0 && classes === undefined ? get(e, kClassIndex) : undefined;
  if (cls >= 0) wire.cls = cls;
  else if (typeof carried === "number") wire.cls = carried;
  // Deeper than MAX_DEPTH, the error comes without its own causes.
  if (depth < MAX_DEPTH) {
    const cause = get(e, "cause");
    if (cause !== undefined && cause !== UNREADABLE) wire.cause = part(cause, classes, depth + 1, seen);
    const errors = get(e, "errors");
    if (Array.isArray(errors)) wire.errors = errors.map((x) => part(x, classes, depth + 1, seen));
  }
  seen.set(e, wire);
  return wire;
}

/** A cause or an AggregateError's member: one that cannot be read is said so, and the error around it still travels. */
function part(
  x: unknown,
  classes: ErrorClasses | undefined,
  depth: number,
  seen: Map<unknown, Wire | undefined>,
): Wire {
  try {
    return toWire(x, classes, depth, seen);
  } catch (e) {
    return { thrown: `(a value that could not be read: ${textOr(get(e, "message"), "its getters threw")})` };
  }
}

type ErrorCtor = new (message?: string, options?: { cause?: unknown }) => Error;

const BUILTIN: Record<string, ErrorCtor> = {
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
};

/**
 * Classes the caller's thread cannot import (a user's own `class ValidationError
 * extends Error` lives in the worker's bundle) are stood in for by an Error subclass
 * of the same name, so `err.constructor.name` and `err.name` still say what it was.
 */
const standIns = new Map<string, ErrorCtor>();

function standIn(name: string): ErrorCtor {
  let C = standIns.get(name);
  if (C === undefined) {
    C = class extends Error {};
    Object.defineProperty(C, "name", { value: name });
    Object.defineProperty(C.prototype, "name", { value: name, writable: true, configurable: true });
    standIns.set(name, C);
  }
  return C;
}

function ctorAt(classes: ErrorClasses | undefined, i: number): ErrorClass | undefined {
  const C = classes?.[i];
  return typeof C === "function" ? (C as ErrorClass) : undefined;
}

function byName(classes: ErrorClasses | undefined, name: string): ErrorClass | undefined {
  return classes?.find((C): C is ErrorClass => typeof C === "function" && C.name === name);
}

/** A frame of Node's own code: `at f (node:internal/...)`, and `at node:internal/...` where it names no function. */
const NODE_FRAME = /^\s*at (?:async )?(?:[^(]*\()?node:/;

/** Frames of tamed's worker loop and of Node's internals say nothing to the user. */
function userFrames(stack: string, hide: string | undefined): string {
  return stack
    .split("\n")
    .filter((line) => !NODE_FRAME.test(line) && (hide === undefined || !line.includes(hide)))
    .join("\n");
}

/** Sets a property as an error's own: writable and configurable, like those its constructor sets. */
function setOwn(err: Error, key: string, value: unknown, enumerable = false): void {
  Object.defineProperty(err, key, { value, writable: true, configurable: true, enumerable });
}

/**
 * Caller side: rebuilds the error. `callerStack` (a boundary frame naming the
 * function and thread, then the frames where the task was called) is appended under
 * the worker's frames, so the trace reads from the failing line in the worker down
 * to the line that called the function.
 */
export function fromWire(w: Wire, callerStack?: string, hide?: string, classes?: ErrorClasses): unknown {
  if ("thrown" in w) return w.thrown;
  const cause = w.cause === undefined ? undefined : fromWire(w.cause, undefined, hide, classes);
  const errors = w.errors?.map((x) => fromWire(x, undefined, hide, classes));
  // By its index (the same class whatever either side calls it), else by its name (a worker
  // module without the list, from a build before it); tamed's own classes by their own tag.
  const byIndex = typeof w.cls === "number" ? ctorAt(classes, w.cls) : undefined;
  const real =
    w.tamed !== undefined && Object.hasOwn(TAMED_ERRORS, w.tamed)
      ? TAMED_ERRORS[w.tamed as keyof typeof TAMED_ERRORS]
      : (byIndex ?? (BUILTIN[w.ctor] === undefined ? byName(classes, w.ctor) : undefined));
  let err: Error;
  if (real !== undefined) {
    // tamed's class or the user's own: its prototype, without running its constructor
    // (whose parameters we do not have); the own properties it set come across as data.
    err = Object.create(real.prototype) as Error;
    setOwn(err, "message", w.message);
    if (cause !== undefined) setOwn(err, "cause", cause);
    if (errors !== undefined) setOwn(err, "errors", errors, true);
  } else if (w.ctor === "DOMException" && errors === undefined) {
    // Web APIs' error (an AbortError): its name is its constructor's argument, and its code follows from it.
    err = new DOMException(w.message, w.name);
    if (cause !== undefined) setOwn(err, "cause", cause);
  } else if (w.ctor === "AggregateError" || errors !== undefined) {
    err =
      w.ctor === "AggregateError"
        ? new AggregateError(errors ?? [], w.message)
        : new (BUILTIN[w.ctor] ?? standIn(w.ctor))(w.message);
    if (w.ctor !== "AggregateError") setOwn(err, "errors", errors, true);
    if (cause !== undefined) setOwn(err, "cause", cause);
  } else {
    const C = BUILTIN[w.ctor] ?? standIn(w.ctor);
    err = cause === undefined ? new C(w.message) : new C(w.message, { cause });
  }
  if (err.name !== w.name) setOwn(err, "name", w.name, true);
  if (w.props !== undefined)
    for (const [key, value] of Object.entries(w.props)) setOwn(err, key, value, w.hidden?.includes(key) !== true);
  // Rebuilt without its class (no list here): its index goes on with it (see kClassIndex).
  if (typeof w.cls === "number" && real === undefined) Object.defineProperty(err, kClassIndex, { value: w.cls });
  let stack = w.stack === undefined ? `${w.name}: ${w.message}` : userFrames(w.stack, hide);
  if (callerStack !== undefined) stack += "\n" + callerStack;
  setOwn(err, "stack", stack);
  return err;
}
