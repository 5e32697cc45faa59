/**
 * The wire between the pool (caller's thread) and a worker thread. Messages are
 * short arrays rather than objects: they are cloned on every call.
 *
 * Each worker has its own MessagePort and a shared `ctl` counter. The pool posts a
 * call, then bumps `ctl[REQUESTS]` and notifies it, so a worker parked in
 * `Atomics.wait` wakes without its event loop. A worker posts each reply, then
 * bumps the pool-wide `wake[REPLIES]` counter and notifies it, so a caller blocked
 * in `wait()` wakes and reads the reply with `receiveMessageOnPort`, without its
 * event loop either. Neither side ever needs the other's event loop to make progress.
 * Calls and replies whose values are all plain go through a ring in shared memory
 * instead of the port, merged in order with it (plain-ring.ts); the doorbells are rung
 * for them just the same.
 */

import type { BuiltinPrint } from "./builtins.js";
import type { Wire } from "./wire-error.js";

/** Index in a worker's `ctl` Int32Array: calls posted to it so far. */
export const REQUESTS = 0;
/** Index in a worker's `ctl`: the id of the call to cancel, for a CPU-bound call that cannot read its port (checkpoint() reads it). */
export const CANCEL = 1;
/** Index in a worker's `ctl`: 1 once the worker's entry runs (a stopped-thread probe means death only after that). */
export const LIVE = 2;
/**
 * Index in a worker's `ctl`: 1 while the worker sleeps in `Atomics.wait` on REQUESTS.
 * The pool notifies only a sleeping worker: a notify costs a global lock in V8 even
 * with no one to wake, and a worker that runs calls finds new ones on its port anyway.
 */
export const SLEEPING = 3;
/**
 * Index in a worker's `ctl` of its first claim cell. Every call is posted with a cell
 * holding its id; the worker claims the call by swapping the id for -id before running
 * it, and the pool cancels a call that has not started by swapping the id for 0. One
 * compare-and-swap decides, so a call waiting at a worker (behind a CPU-bound call,
 * for its module to load, or for an event loop held by a neighbour) can be cancelled
 * at once without racing its start, and after a crash the pool knows which calls
 * never began, even from a worker that died without a word.
 */
export const CELLS = 4;
/**
 * Claim cells per worker for CPU-bound calls (the first ones): at most this many
 * CPU-bound calls wait at one worker. Short calls only wait there (placement.ts
 * PIPELINE_MS), so this bounds a burst of tiny calls: with 32, a burst of 100,000
 * calls ran in lockstep, each side idle while the other worked through its 32.
 */
export const CELL_COUNT = 1024;
/**
 * What the worker writes in a call's claim cell once the function has returned or
 * thrown (its promise settled, for one that returned a promise), before it posts the
 * reply: from then on its outcome exists, and a cancel() finds it there and leaves the
 * call to settle with it.
 */
export const DONE = -0x80000000;
/**
 * Most claim cells a worker has for async calls (after the CPU-bound ones): one per
 * async call it may hold, asyncTasksPerWorker when it started, at most this many (a
 * worker holds no more async calls than it has cells).
 */
export const ASYNC_CELL_MAX = 65536;
/** Length of a worker's `ctl` with `asyncCells` cells for async calls. */
export function ctlLength(asyncCells: number): number {
  return CELLS + CELL_COUNT + asyncCells;
}
/** Index in the pool's `wake` Int32Array: replies posted by all workers so far. */
export const REPLIES = 0;
/** Index in the pool's `wake`: callers asleep in `Atomics.wait` on REPLIES (blocked in wait()); workers notify only then. */
export const WAITERS = 1;

/**
 * Pool → worker: `[callId, moduleIndex, args, url, cell, buffers?]`: the module's URL
 * the first time this worker is sent that module index (else undefined), the call's
 * claim cell (for a call of either kind; see CELLS), and the indexes of
 * the arguments that were Buffers (a Buffer arrives as a plain Uint8Array), if any.
 */
export type Call = [
  id: number,
  module: number,
  args: unknown[],
  url: string | undefined,
  cell: number,
  buffers?: number[],
];
export const NO_CELL = -1;

/** Pool → worker: cancel the call with this id (a negative first element marks it apart from a Call). */
export const CANCEL_CALL = -1;
export type Cancel = [kind: typeof CANCEL_CALL, id: number];
/** Pool → worker: several Calls in one message (the queue moving after a batch of replies). */
export const CALLS = -3;
export type Calls = [kind: typeof CALLS, ...calls: Call[]];
/** Pool → worker: answer at once (PONG), to show the worker's event loop is not blocked. */
export const PING = -2;
export type Ping = [kind: typeof PING, token: number];

/**
 * Pool → worker: which calls do you hold (begun and not answered, or waiting for their
 * module)? Sent after a message between the two could not be decoded (see OPEN).
 */
export const LIST_OPEN = -4;
export type ListOpen = [kind: typeof LIST_OPEN, token: number];

export const OK = 0;
export const THREW = 1;
export const RESULT_NOT_CLONEABLE = 2;
/**
 * Sent from the worker's `process.on("exit")` handler as the thread dies (process.exit,
 * an uncaught error, an unhandled rejection): a caller blocked in `wait()` reads it off
 * the port, while the Worker's own "exit" event would need the caller's event loop.
 * It lists the calls the worker had started (the others never ran and can run
 * elsewhere), those of them that were waiting for their module to load, and, when a
 * timer or callback that an answered call left behind called process.exit(), that
 * call's module (then the calls waiting there are not to blame), and `atLoad` when it
 * was the module that left it behind as it loaded.
 */
export const DIED = 3;
/** The answer to a Ping. */
export const PONG = 4;
/** The call's worker module could not be loaded: missing, unparsable, or it threw. */
export const LOAD_FAILED = 5;
/**
 * What the worker's code wrote to process.stdout and process.stderr (see
 * worker/output.ts). Posted ahead of the reply of the call that wrote it, on the same
 * port: the caller writes it before it settles that call.
 */
export const OUTPUT = 6;
export const STDOUT = 1;
export const STDERR = 2;
/** Stream and data, in the order written: `[STDOUT, "a\n", STDERR, bytes, ...]`. */
/**
 * The answer to LIST_OPEN. A message that fails to decode (nested deeper than the
 * receiving thread's stack allows, a view of a buffer already moved) is dropped with
 * the call id inside it, on either side. The worker answers LIST_OPEN after every
 * message posted before it, so a call the pool posted before asking that is still
 * unanswered when OPEN arrives, and is not in it, was lost: its call or its reply did
 * not decode. The pool fails it with DataCloneError.
 */
export const OPEN = 7;
/** Worker → pool: a message from the pool could not be decoded (the pool then asks LIST_OPEN). */
export const UNREADABLE = 8;
/**
 * Worker → pool: a timer or callback left behind by a call that has answered, or by a
 * worker module as it loaded (`atLoad`), threw (or rejected) with nobody to catch it.
 * The worker goes on with its other calls; the pool reports it, naming the function,
 * and replaces the worker when it is idle.
 */
export const STRAY = 9;
/**
 * Worker → pool, as a thread the pool asked to END ends: a process.on("exit") handler of
 * its modules threw. (Node leaves a worker whose exit handler threw running, silent.)
 */
export const EXIT_THREW = 10;
/**
 * Worker → pool, once a worker module has loaded there, before the thread next sleeps (or
 * as it ends): its built-ins' fingerprints (builtins.ts), as the thread began and now,
 * compared with the caller's thread's.
 */
export const BUILTINS = 11;
/**
 * Either way: the plain ring has entries, and its reader was waiting for port events
 * (plain-ring.ts). Negative, as the pool's other messages to a worker are, apart from a Call.
 */
export const NUDGE = -5;
export type Nudge = [kind: typeof NUDGE];
/**
 * Pool → worker, which holds no call: end your thread through process.exit(), so that
 * the code on it sees the end a program's main thread would (its process.on("exit")
 * handlers run). Node's own ends of a worker, terminate() and the process exiting, run
 * none of them.
 */
export const END = -6;
export type End = [kind: typeof END];
/** Pool → worker: every message it sends. */
export type ToWorker = Call | Calls | Cancel | Ping | ListOpen | Nudge | End;
export type OutputChunks = Array<typeof STDOUT | typeof STDERR | string | Uint8Array>;

/**
 * Worker → pool. OK and THREW of a synchronous function carry the milliseconds it ran:
 * the pool queues further calls of a function at a busy worker only when they are short.
 * OK says when the value was a Buffer (it arrives as a Uint8Array). RESULT_NOT_CLONEABLE
 * says `"error"` when it was the value the function threw that could not be sent.
 */
export type Reply =
  | [kind: typeof OK, id: number, value: unknown, ms?: number | undefined, buffer?: true]
  | [kind: typeof THREW, id: number, error: Wire, ms?: number]
  | [kind: typeof RESULT_NOT_CLONEABLE, id: number, reason: string, what?: "error"]
  | [
      kind: typeof DIED,
      exitCode: number,
      cause: Wire | undefined,
      started: number[],
      loading: number[],
      leftBehindBy: number | undefined,
      atLoad?: true | undefined,
    ]
  | [kind: typeof PONG, token: number]
  | [kind: typeof LOAD_FAILED, id: number, reason: "missing" | "unparsable" | "threw", cause: Wire]
  | [kind: typeof OUTPUT, chunks: OutputChunks]
  | [kind: typeof OPEN, token: number, ids: number[]]
  | [kind: typeof UNREADABLE, reason: string]
  | [kind: typeof STRAY, module: number, error: Wire, atLoad?: true]
  | [kind: typeof EXIT_THREW, error: Wire]
  | [kind: typeof BUILTINS, module: number, pristine: BuiltinPrint, print: BuiltinPrint]
  | [kind: typeof NUDGE];

export interface WorkerData {
  readonly port: import("node:worker_threads").MessagePort;
  readonly ctl: Int32Array;
  readonly wake: Int32Array;
  /** The plain rings (plain-ring.ts): calls to the worker, replies from it. */
  readonly callRing: SharedArrayBuffer;
  readonly replyRing: SharedArrayBuffer;
}

/** Set on `globalThis` by the worker entry: the runtime (any copy of it) can tell it runs in a tamed worker. */
export const WORKER_FLAG = Symbol.for("tamed.worker");
/** The original function behind a marker's stub, for the worker to call directly. */
export const RAW_FN = Symbol.for("tamed.raw");
