/**
 * Errors crossing threads. Structured clone keeps only a built-in error's message
 * and stack, so the worker flattens an error into plain data (class name, name,
 * message, stack, cause chain, AggregateError.errors, own data properties) and the
 * caller's thread builds an error of the same class from it.
 */

import { kTamedError, TAMED_ERRORS } from "./errors.js";

export interface WireError {
  readonly ctor: string;
  /** One of tamed's own classes (TAMED_ERRORS), whichever copy of the runtime made it. */
  readonly tamed?: string;
  readonly name: string;
  readonly message: string;
  readonly stack: string | undefined;
  readonly cause?: Wire;
  readonly errors?: Wire[];
  readonly props?: Record<string, unknown>;
}

/** A thrown value that is not an Error travels as itself when it can be cloned. */
export type Wire = WireError | { readonly thrown: unknown };

const MAX_DEPTH = 8;
const OWN_SKIP = new Set(["name", "message", "stack", "cause", "errors"]);

function cloneable(value: unknown): boolean {
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}

function isErrorLike(e: unknown): e is Error {
  return e instanceof Error || (typeof e === "object" && e !== null && typeof (e as Error).message === "string" && typeof (e as Error).name === "string");
}

function text(x: unknown): string {
  try {
    return String(x);
  } catch {
    return Object.prototype.toString.call(x);
  }
}

/** Worker side: an error (or any thrown value) as cloneable data. */
export function toWire(e: unknown, depth = 0, seen = new Set<unknown>()): Wire {
  if (!isErrorLike(e) || depth > MAX_DEPTH || seen.has(e)) {
    return { thrown: cloneable(e) ? e : text(e) };
  }
  seen.add(e);
  const ctor = (e.constructor as { name?: unknown } | undefined)?.name;
  let props: Record<string, unknown> | undefined;
  for (const key of Object.keys(e)) {
    if (OWN_SKIP.has(key)) continue;
    const v = (e as unknown as Record<string, unknown>)[key];
    if (typeof v === "function" || !cloneable(v)) continue;
    (props ??= {})[key] = v;
  }
  const wire: { -readonly [K in keyof WireError]: WireError[K] } = {
    ctor: typeof ctor === "string" && ctor !== "" ? ctor : "Error",
    name: text(e.name),
    message: text(e.message),
    stack: typeof e.stack === "string" ? e.stack : undefined,
  };
  const own = (e as unknown as Record<symbol, unknown>)[kTamedError];
  if (typeof own === "string") wire.tamed = own;
  if ("cause" in e && e.cause !== undefined) wire.cause = toWire(e.cause, depth + 1, seen);
  if (Array.isArray((e as AggregateError).errors)) wire.errors = (e as AggregateError).errors.map((x) => toWire(x, depth + 1, seen));
  if (props !== undefined) wire.props = props;
  return wire;
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

/** Frames of tamed's worker loop and of Node's internals say nothing to the user. */
function userFrames(stack: string, hide: string | undefined): string {
  return stack
    .split("\n")
    .filter((line) => !line.includes("(node:") && (hide === undefined || !line.includes(hide)))
    .join("\n");
}

/**
 * Caller side: rebuilds the error. `callerStack` (a boundary frame naming the
 * function and thread, then the frames where the task was called) is appended under
 * the worker's frames, so the trace reads from the failing line in the worker down
 * to the line that called the function.
 */
export function fromWire(w: Wire, callerStack?: string, hide?: string, classes?: ReadonlyMap<string, abstract new (...args: never[]) => Error>): unknown {
  if ("thrown" in w) return w.thrown;
  const cause = w.cause === undefined ? undefined : fromWire(w.cause, undefined, hide, classes);
  const real = w.tamed !== undefined && Object.hasOwn(TAMED_ERRORS, w.tamed) ? TAMED_ERRORS[w.tamed as keyof typeof TAMED_ERRORS] : classes?.get(w.ctor);
  if (real !== undefined && BUILTIN[w.ctor] === undefined) {
    // tamed's class or the user's own: its prototype, without running its constructor
    // (whose parameters we do not have); the own properties it set come across as data.
    const err = Object.create(real.prototype) as Error;
    Object.defineProperty(err, "message", { value: w.message, writable: true, configurable: true });
    if (cause !== undefined) Object.defineProperty(err, "cause", { value: cause, writable: true, configurable: true });
    if (w.errors !== undefined) Object.defineProperty(err, "errors", { value: w.errors.map((x) => fromWire(x, undefined, hide, classes)), writable: true, configurable: true, enumerable: true });
    if (err.name !== w.name) Object.defineProperty(err, "name", { value: w.name, writable: true, configurable: true, enumerable: true });
    if (w.props !== undefined) Object.assign(err, w.props);
    const stack = (w.stack === undefined ? `${w.name}: ${w.message}` : userFrames(w.stack, hide)) + (callerStack === undefined ? "" : "\n" + callerStack);
    Object.defineProperty(err, "stack", { value: stack, writable: true, configurable: true });
    return err;
  }
  let err: Error;
  if (w.ctor === "AggregateError" || w.errors !== undefined) {
    const errors = (w.errors ?? []).map((x) => fromWire(x, undefined, hide, classes));
    err = w.ctor === "AggregateError" ? new AggregateError(errors, w.message) : new (BUILTIN[w.ctor] ?? standIn(w.ctor))(w.message);
    if (w.ctor !== "AggregateError") Object.defineProperty(err, "errors", { value: errors, writable: true, configurable: true, enumerable: true });
    if (cause !== undefined) Object.defineProperty(err, "cause", { value: cause, writable: true, configurable: true });
  } else {
    const C = BUILTIN[w.ctor] ?? standIn(w.ctor);
    err = cause === undefined ? new C(w.message) : new C(w.message, { cause });
  }
  if (err.name !== w.name) Object.defineProperty(err, "name", { value: w.name, writable: true, configurable: true, enumerable: true });
  if (w.props !== undefined) Object.assign(err, w.props);
  let stack = w.stack === undefined ? `${w.name}: ${w.message}` : userFrames(w.stack, hide);
  if (callerStack !== undefined) stack += "\n" + callerStack;
  Object.defineProperty(err, "stack", { value: stack, writable: true, configurable: true });
  return err;
}
