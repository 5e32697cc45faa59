/**
 * Values marked to be moved to the other thread instead of copied. `transfer(x)`
 * returns x itself (its type stays true) and remembers it here; the pool and the worker
 * look their top-level arguments and results up when they post them.
 */

import type { MessagePort } from "node:worker_threads";

/**
 * What tamed moves: the buffer of a marked ArrayBuffer or view, or a MessagePort. Its own
 * type, not @types/node's: that is TransferListItem up to version 25 and Transferable from
 * 26 (where TransferListItem is gone), and tamed's declarations, which every user's tsc
 * reads, must compile against either. Both of these are in both.
 */
export type TransferItem = ArrayBuffer | MessagePort;

/** What transfer() takes: a view moves its buffer. */
type Movable = TransferItem | ArrayBufferView;

const KEY = Symbol.for("tamed.transfer");
const registry = globalThis as Record<symbol, WeakSet<object> | undefined>;
/** One per thread, even if a worker bundle loads its own copy of the runtime. */
const marked: WeakSet<object> = (registry[KEY] ??= new WeakSet<object>());

/**
 * Marks a buffer (an ArrayBuffer, a typed array or DataView: its whole ArrayBuffer, or
 * a MessagePort) to be moved, not copied, when passed as an argument of a marked
 * function or returned by one: no copy is made, and the sender's buffer is emptied
 * (detached). Only top-level arguments and return values are looked at.
 *
 * @example
 * const out = await resize(transfer(png), 200);          // png is moved to the worker
 * export const resize = makeAsync((png: Uint8Array, w: number) => transfer(scale(png, w))); // and the result back
 */
export function transfer<T extends Movable>(value: T): T {
  const v = value as unknown;
  if (
    !(v instanceof ArrayBuffer) &&
    !ArrayBuffer.isView(v) &&
    !(v !== null && typeof v === "object" && "postMessage" in v)
  ) {
    throw new TypeError(
      `transfer() takes an ArrayBuffer, a typed array, a DataView or a MessagePort, got ${value === null ? "null" : typeof value}`,
    );
  }
  marked.add(value);
  return value;
}

function transferable(value: object): TransferItem {
  return ArrayBuffer.isView(value) ? (value.buffer as ArrayBuffer) : (value as TransferItem);
}

/** The transfer list for these values (top level only), or undefined when none is marked. Unmarks them. */
export function transferList(values: readonly unknown[]): TransferItem[] | undefined {
  let list: TransferItem[] | undefined;
  for (const v of values) {
    if (v !== null && typeof v === "object" && marked.delete(v)) (list ??= []).push(transferable(v));
  }
  return list;
}

/** Why a call with a buffer marked twice fails: DataCloneError's reason. */
export const MOVED_TWICE =
  "it was marked with transfer() but its buffer was already moved to another thread (detached): a buffer moves once; transfer a copy (bytes.slice()) to send it again";

/**
 * Index among `values` of one that is to be moved (its buffer is in `list`) but whose
 * buffer was moved already, or -1. Posting it does not fail: the message fails to
 * decode on the other side, so it is caught here. Looked at only for calls that move
 * something.
 */
export function movedTwice(values: readonly unknown[], list: readonly TransferItem[]): number {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || typeof v !== "object" || !(v instanceof ArrayBuffer || ArrayBuffer.isView(v))) continue;
    const buffer = transferable(v);
    if (list.includes(buffer) && detached(buffer as ArrayBuffer)) return i;
  }
  return -1;
}

function detached(buffer: ArrayBuffer): boolean {
  if (buffer.byteLength !== 0) return false;
  const own = (buffer as { detached?: unknown }).detached; // ES2024; Node 20's V8 has not got it
  if (typeof own === "boolean") return own;
  try {
    new Uint8Array(buffer);
    return false;
  } catch {
    return true;
  }
}
