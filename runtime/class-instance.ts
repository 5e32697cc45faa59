/**
 * The structured clone algorithm copies an instance of a user class as a plain object:
 * its methods and its class are silently gone on the other side, and the function fails
 * later with "x.area is not a function". The pool and the worker look at top-level
 * arguments and results (the values tamed hands to postMessage) and refuse such an
 * instance with a DataCloneError instead. Deeper values are not walked (that would cost
 * a second pass over every argument); the compiler's TS77007 catches typed ones there.
 */

const KNOWN: ReadonlySet<object | null> = new Set<object | null>([
  null,
  Object.prototype,
  Array.prototype,
  Map.prototype,
  Set.prototype,
  Date.prototype,
  RegExp.prototype,
  ArrayBuffer.prototype,
  SharedArrayBuffer.prototype,
  Boolean.prototype,
  Number.prototype,
  String.prototype,
  BigInt.prototype,
]);

/**
 * Why `value` would lose its class crossing a thread, or undefined when it would not.
 * Platform objects that Node clones as themselves (Blob, KeyObject, X509Certificate...)
 * and everything unknown are tried: only a copy whose prototype differs is refused.
 */
export function lostClass(value: unknown): string | undefined {
  if (value === null || typeof value !== "object") return undefined;
  const proto: unknown = Object.getPrototypeOf(value);
  if (KNOWN.has(proto as object | null) || ArrayBuffer.isView(value) || value instanceof Error) return undefined;
  let copy: unknown;
  try {
    copy = structuredClone(value);
  } catch {
    return undefined; // not cloneable at all: postMessage reports it, with its own reason
  }
  if (Object.getPrototypeOf(copy) === proto) return undefined;
  return `an instance of class ${className(proto)} would arrive as a plain ${className(Object.getPrototypeOf(copy))}, without its class and methods`;
}

function className(proto: unknown): string {
  const name = (proto as { constructor?: { name?: unknown } } | null)?.constructor?.name;
  return typeof name === "string" && name !== "" ? name : "(anonymous)";
}

/**
 * A Buffer is a Uint8Array subclass that the structured clone algorithm copies as a
 * plain Uint8Array (`toString()` then gives "104,105"). The sender says which top-level
 * values were Buffers and the receiver makes them Buffers again, over the same memory.
 */
export function isBuffer(value: unknown): value is Buffer {
  return value instanceof Buffer;
}

export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
