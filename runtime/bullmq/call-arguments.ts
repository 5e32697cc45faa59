/**
 * A call's arguments on the cluster: what it refuses (a function that is not marked, and
 * among its arguments what only another thread of this process could receive, a
 * transfer() or shared memory, and what the job's serialization cannot carry, named by
 * position), and the values it sends for Unfuture arguments.
 */
import { __internal, ClusterUnsupportedError, Unfuture } from "../bundle.js";
import type { StubSpec } from "../internal.js";
import { pack } from "./wire.js";

/** The transfer() marks (runtime/transfer.ts keeps them under this key, one set per thread). */
const transferMarks = (globalThis as Record<symbol, WeakSet<object> | undefined>)[Symbol.for("tamed.transfer")];

function serializable(v: unknown): boolean {
  try {
    pack(v);
    return true;
  } catch {
    return false;
  }
}

function isShared(v: unknown): boolean {
  return v instanceof SharedArrayBuffer || (ArrayBuffer.isView(v) && v.buffer instanceof SharedArrayBuffer);
}

/** Throws ClusterUnsupportedError for the first argument another process cannot receive as it is. */
export function checkArguments(name: string, args: readonly unknown[]): void {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a !== null && typeof a === "object" && transferMarks?.has(a)) {
      transferMarks.delete(a);
      throw new ClusterUnsupportedError(
        name,
        i,
        "is marked with transfer(), but a buffer cannot move to another process: it is copied there by value. Drop transfer() for calls on the cluster",
      );
    }
    if (isShared(a))
      throw new ClusterUnsupportedError(
        name,
        i,
        "is a SharedArrayBuffer (or a view of one): another process cannot share its memory. Pass a copy, and send changes back as the result",
      );
  }
}

/** The position of the first value the job's serialization cannot carry on its own (0 if none alone fails). */
export function firstUnserializable(values: readonly unknown[]): number {
  return Math.max(
    0,
    values.findIndex((v) => !serializable(v)),
  );
}

const { STUB_SPEC } = __internal;

/** The stub's spec of a marked function; a TypeError for anything else. */
export function specOf(fn: unknown): StubSpec {
  const spec =
    typeof fn === "function" ? (fn as unknown as Record<symbol, StubSpec | undefined>)[STUB_SPEC] : undefined;
  if (spec === undefined) {
    throw new TypeError(
      `a cluster backend runs functions marked with makeAsync or tamed in a build made with tamed's transformer; ${typeof fn === "function" ? fn.name || "this function" : String(fn)} is not one`,
    );
  }
  return spec;
}

/**
 * The values to send for `args`: as they are, with each settled Unfuture replaced by its
 * value (a copy then); undefined while one is pending (the caller awaits them all, as the
 * pool does). Throws the error of an Unfuture that failed: the call fails with it.
 */
export function readyValues(args: unknown[]): unknown[] | undefined {
  let values = args;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!(a instanceof Unfuture)) continue;
    if (!a.done()) return undefined;
    if (values === args) values = args.slice();
    values[i] = a.value;
  }
  return values;
}
