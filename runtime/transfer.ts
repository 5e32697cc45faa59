/**
 * Values marked to be moved to the other thread instead of copied. `transfer(x)`
 * returns x itself (its type stays true) and remembers it here; the pool and the worker
 * look their top-level arguments and results up when they post them.
 */

import type { MessagePort, TransferListItem } from "node:worker_threads";

type Movable = ArrayBuffer | ArrayBufferView | MessagePort;

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
  if (!(v instanceof ArrayBuffer) && !ArrayBuffer.isView(v) && !(v !== null && typeof v === "object" && "postMessage" in v)) {
    throw new TypeError(`transfer() takes an ArrayBuffer, a typed array, a DataView or a MessagePort, got ${value === null ? "null" : typeof value}`);
  }
  marked.add(value);
  return value;
}

function transferable(value: object): TransferListItem {
  return ArrayBuffer.isView(value) ? (value.buffer as ArrayBuffer) : (value as TransferListItem);
}

/** The transfer list for these values (top level only), or undefined when none is marked. Unmarks them. */
export function transferList(values: readonly unknown[]): TransferListItem[] | undefined {
  let list: TransferListItem[] | undefined;
  for (const v of values) {
    if (v !== null && typeof v === "object" && marked.delete(v)) (list ??= []).push(transferable(v));
  }
  return list;
}
