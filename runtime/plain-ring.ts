/**
 * Plain rings: calls and replies whose values are all plain (numbers, booleans, null,
 * undefined) go between the pool and a worker through shared memory instead of the
 * port. Each worker has two, one each way (protocol.ts WorkerData), each with one
 * writer and one reader. Used by pool/dispatch.ts and pool/replies.ts, and by
 * worker/entry.ts and worker/replies.ts.
 *
 * Why: a port message costs both threads several microseconds (the writer's
 * postMessage, often a wake-up of the other's event loop, the reader's decoding); an
 * entry in the ring costs a fraction of one. 1,000 async calls made together, and their
 * 1,000 replies as they end together, are where it counts (docs/status.md).
 *
 * Order. The port stays the channel for everything else, and both sides rely on the
 * order of what the other sends (a cancel after its call, what a worker printed before
 * its call's reply, OPEN after the replies to what came before LIST_OPEN, DIED last).
 * So each entry records how many port messages its writer had posted when it wrote
 * it, and the reader takes an entry only once it has read that many from the port:
 * every entry written before a port message is read ahead of that message. The two
 * queues merge into the order they were sent in.
 *
 * Wake-up. A reader that is busy reading finds new entries by itself; a parked worker
 * is woken by the doorbell the pool rings after every call anyway. A reader about to
 * wait for port events "arms" its ring first: the next entry written finds it armed,
 * disarms it, and its writer posts a bare NUDGE on the port, whose event brings the
 * reader back. Arming is followed by a second look, so an entry written just before is
 * not left unread. A full ring loses nothing: that message goes on the port.
 */

import { OK, type Call, type Reply } from "./protocol.js";

/** Int32 cells ahead of the entries. */
const HEAD = 0; // entries read (the reader writes it)
const TAIL = 1; // entries written (the writer writes it)
const ARMED = 2; // 1: the reader waits for port events, and the next entry is to post a NUDGE
const HEADER_BYTES = 16;
/** Entries; a power of two, so that the Int32 counters index it correctly after they wrap around. */
const CAPACITY = 1024;

/** How a plain value is held: its kind in one Float64 field and, for a number, the number in the next. */
const NUMBER = 0;
const UNDEFINED = 1;
const NULL = 2;
const TRUE = 3;
const FALSE = 4;

/** A value a ring can carry. */
export function isPlain(value: unknown): boolean {
  return typeof value === "number" || value === undefined || value === null || typeof value === "boolean";
}

/**
 * Entry widths in Float64 fields, the first holding the writer's port messages posted.
 * A call: id, module, claim cell, argument count, then a (kind, number) pair for each of
 * up to CALL_ARGS arguments. A reply: id, run time (NaN: none), the value's pair.
 */
const CALL_ARGS = 4;
export const CALL_WIDTH = 5 + 2 * CALL_ARGS;
export const REPLY_WIDTH = 5;

/** `armed`: its reader waits for port events from the start (the pool does; a new worker parks first). */
export function newRing(width: number, armed: boolean): SharedArrayBuffer {
  const sab = new SharedArrayBuffer(HEADER_BYTES + 8 * width * CAPACITY);
  if (armed) new Int32Array(sab, 0, 4)[ARMED] = 1;
  return sab;
}

/**
 * A whole number as V8's small integer, as postMessage delivers it. Read from a Float64Array
 * (or from an array whose elements V8 keeps as doubles) it is a double, which V8's optimized
 * code hands on as a heap number: a function's loop bounded by it (`i < n`) then compared
 * doubles every round, and 8 CPU-bound calls of 100 ms took 1.06-1.08x a raw worker's time
 * (test/runtime/plain-rings). -0 stays -0.
 */
export function small(x: number): number {
  return (x | 0) === x && (x !== 0 || 1 / x > 0) ? x | 0 : x;
}

export class PlainRing {
  readonly #cells: Int32Array;
  /** The entries; `at` offsets returned below index into it. */
  readonly f: Float64Array;
  readonly #width: number;

  constructor(sab: SharedArrayBuffer, width: number) {
    this.#cells = new Int32Array(sab, 0, 4);
    this.f = new Float64Array(sab, HEADER_BYTES);
    this.#width = width;
  }

  /** Writer: the offset of a free entry, its first field set to `posted`; -1 when the ring is full. */
  begin(posted: number): number {
    const tail = Atomics.load(this.#cells, TAIL);
    if (((tail - Atomics.load(this.#cells, HEAD)) | 0) >= CAPACITY) return -1;
    const at = (tail & (CAPACITY - 1)) * this.#width;
    this.f[at] = posted;
    return at;
  }

  /** Writer: the value at fields `at`, `at + 1`. */
  put(at: number, value: unknown): void {
    if (typeof value === "number") {
      this.f[at] = NUMBER;
      this.f[at + 1] = value;
    } else this.f[at] = value === undefined ? UNDEFINED : value === null ? NULL : value ? TRUE : FALSE;
  }

  /**
   * Writer: the entry begun is there to read. True when its reader waits for a NUDGE on
   * the port. The arm is read after the entry is published, as arm() reads the tail after
   * arming: one side or both sees the other's store, so an entry is never left unread with
   * its reader asleep (a writer that read the arm first did that: the last test of
   * test/runtime/plain-rings.test.mjs).
   */
  commit(): boolean {
    Atomics.add(this.#cells, TAIL, 1);
    return Atomics.load(this.#cells, ARMED) === 1 && Atomics.compareExchange(this.#cells, ARMED, 1, 0) === 1;
  }

  /** Reader: the offset of the next entry if it was written before port message `portRead + 1`, else -1. */
  next(portRead: number): number {
    const head = Atomics.load(this.#cells, HEAD);
    if (head === Atomics.load(this.#cells, TAIL)) return -1;
    const at = (head & (CAPACITY - 1)) * this.#width;
    return this.f[at]! <= portRead ? at : -1;
  }

  /**
   * Reader: the writer's port messages posted before the next entry, or -1 when there is
   * none. If the port is empty after this was read, every message posted before that
   * entry has been read (postMessage queues at the other end before it returns, and the
   * entry was written after): a reader that counted fewer takes this as its count
   * rather than wait for a message that will not come. Read after finding the port
   * empty, it could be an entry written after a message posted meanwhile, and taking it
   * would read it ahead of that message.
   */
  postedBefore(): number {
    const head = Atomics.load(this.#cells, HEAD);
    if (head === Atomics.load(this.#cells, TAIL)) return -1;
    return this.f[(head & (CAPACITY - 1)) * this.#width]!;
  }

  /** Reader: the value at fields `at`, `at + 1`. */
  get(at: number): unknown {
    const kind = this.f[at];
    return kind === NUMBER
      ? small(this.f[at + 1]!)
      : kind === UNDEFINED
        ? undefined
        : kind === NULL
          ? null
          : kind === TRUE;
  }

  /** Reader: the entry from next() is read; its room can be written again. */
  done(): void {
    Atomics.add(this.#cells, HEAD, 1);
  }

  /** Reader: it waits for port events from now on. True if an entry came meanwhile (look again). */
  arm(): boolean {
    Atomics.store(this.#cells, ARMED, 1);
    return Atomics.load(this.#cells, TAIL) !== Atomics.load(this.#cells, HEAD);
  }
}

/**
 * Pool: writes a call into the worker's call ring if it fits (its arguments plain and
 * few, and room left); `posted` is the port messages sent to it so far. Returns
 * false (post it instead), true, or NUDGE_NEEDED (written; post a NUDGE).
 */
export const NUDGE_NEEDED = 2;
export function writeCall(
  ring: PlainRing,
  posted: number,
  id: number,
  module: number,
  cell: number,
  args: unknown[],
): boolean | 2 {
  const n = args.length;
  if (n > CALL_ARGS) return false;
  for (let i = 0; i < n; i++) if (!isPlain(args[i])) return false;
  const at = ring.begin(posted);
  if (at < 0) return false;
  const f = ring.f;
  f[at + 1] = id;
  f[at + 2] = module;
  f[at + 3] = cell;
  f[at + 4] = n;
  for (let i = 0; i < n; i++) ring.put(at + 5 + 2 * i, args[i]);
  return ring.commit() ? NUDGE_NEEDED : true;
}

/** Worker: the call ring's next entry, if it was written before port message `portRead + 1`. */
export function readCall(ring: PlainRing, portRead: number): Call | undefined {
  const at = ring.next(portRead);
  if (at < 0) return undefined;
  const f = ring.f;
  const n = f[at + 4]!;
  // Holding undefined first, its elements are tagged values: an array that held only numbers
  // would turn its elements into doubles once one argument was a fraction (V8's elements
  // kinds, remembered where the array is made), and hand every later whole number on as a
  // heap number (see small()).
  const args = new Array<unknown>(n).fill(undefined);
  for (let i = 0; i < n; i++) args[i] = ring.get(at + 5 + 2 * i);
  const call: Call = [small(f[at + 1]!), small(f[at + 2]!), args, undefined, small(f[at + 3]!)];
  ring.done();
  return call;
}

/** Worker: writes a plain reply; false when the ring is full (post it), NUDGE_NEEDED when a NUDGE is to follow. */
export function writeReply(
  ring: PlainRing,
  posted: number,
  id: number,
  value: unknown,
  ms: number | undefined,
): boolean | 2 {
  const at = ring.begin(posted);
  if (at < 0) return false;
  ring.f[at + 1] = id;
  ring.f[at + 2] = ms === undefined ? NaN : ms;
  ring.put(at + 3, value);
  return ring.commit() ? NUDGE_NEEDED : true;
}

/** Pool: the reply ring's next entry, if it was written before port message `portRead + 1`, as an OK reply. */
export function readReply(ring: PlainRing, portRead: number): Reply | undefined {
  const at = ring.next(portRead);
  if (at < 0) return undefined;
  const id = small(ring.f[at + 1]!);
  const ms = ring.f[at + 2]!;
  const value = ring.get(at + 3);
  ring.done();
  return Number.isNaN(ms) ? [OK, id, value] : [OK, id, value, ms];
}
