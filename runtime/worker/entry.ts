/**
 * The main module of every worker thread. It runs calls sent by the pool (see
 * ../protocol.ts) against the worker modules the transformer emitted.
 *
 * An idle worker parks in `Atomics.wait` on its `ctl` counter instead of idling in
 * its event loop: a futex wake-up is several times cheaper than a MessagePort
 * event. While a call awaits something (a module import, an async function) the
 * worker must run its event loop, so it leaves the parked loop and comes back when
 * nothing is pending. Before it parks it gives its event loop one turn, so what a
 * finished call left behind (promise callbacks, due timers, an unhandled rejection)
 * runs now and not at the next call. Timers due later wait for the next call: a
 * function should await what it starts.
 */
import { receiveMessageOnPort, workerData, type TransferListItem } from "node:worker_threads";
import { calls, cancelCall, type CallContext } from "../call-context.js";
import { asBuffer, isBuffer, lostClass } from "../class-instance.js";
import { claim, markDone, ring, spinWhile } from "../doorbell.js";
import { CancelledError } from "../errors.js";
import {
  CALLS,
  CANCEL,
  CANCEL_CALL,
  DIED,
  LOAD_FAILED,
  OK,
  PING,
  PONG,
  RAW_FN,
  REPLIES,
  REQUESTS,
  RESULT_NOT_CLONEABLE,
  THREW,
  LIST_OPEN,
  LIVE,
  NO_CELL,
  OPEN,
  OUTPUT,
  STRAY,
  UNREADABLE,
  WORKER_FLAG,
  type Call,
  type Calls,
  type Cancel,
  type ListOpen,
  type Ping,
  type Reply,
  type WorkerData,
} from "../protocol.js";
import { MOVED_TWICE, movedTwice, transferList } from "../transfer.js";
import { toWire, type Wire } from "../wire-error.js";
import { captureOutput, flushOutput } from "./output.js";

(globalThis as Record<symbol, unknown>)[WORKER_FLAG] = true;
// Worker frames then point at the original .ts lines (esbuild writes the maps).
process.setSourceMapsEnabled(true);

const { port, ctl, wake } = workerData as WorkerData;
Atomics.store(ctl, LIVE, 1);

interface Module {
  /** Its index in the pool's module table (what calls name it by). */
  readonly index: number;
  readonly url: string;
  fn: ((...args: unknown[]) => unknown) | undefined;
  loading: Promise<(...args: unknown[]) => unknown> | undefined;
  /** Milliseconds its synchronous calls take (moving average); Infinity until one ran. */
  cost: number;
}


const modules: Array<Module | undefined> = [];
/** Calls waiting on the event loop: module loads and async functions. */
let pending = 0;
let parkScheduled = false;
/** Calls whose function has begun running and not answered yet; a dying thread names them. */
const started = new Set<number>();
/** The context of each running call, for cancels that arrive by message. */
const active = new Map<number, CallContext>();
/** Calls waiting for their module to load, and those of them cancelled meanwhile. */
const loading = new Set<number>();
const cancelledWhileLoading = new Set<number>();

// What the worker's code printed goes ahead of every reply, so the caller writes it before it settles the call.
captureOutput((chunks) => {
  port.postMessage([OUTPUT, chunks]);
  ring(wake, REPLIES);
});

function send(reply: Reply, moves?: TransferListItem[]): void {
  flushOutput();
  if (moves === undefined) port.postMessage(reply);
  else port.postMessage(reply, moves);
  ring(wake, REPLIES);
}


/** What an error says, for a reason in a message; never throws (a Proxy's traps may). */
function describe(x: unknown): string {
  try {
    return x instanceof Error ? x.message : String(x);
  } catch {
    try {
      return Object.prototype.toString.call(x);
    } catch {
      return "a value that cannot be read";
    }
  }
}

/** The call's result (or the value it threw, `"error"`) cannot be sent: the pool fails the call with DataCloneError. */
function notCloneable(id: number, what: "result" | "error", e: unknown): void {
  send(what === "result" ? [RESULT_NOT_CLONEABLE, id, describe(e)] : [RESULT_NOT_CLONEABLE, id, describe(e), what]);
}

// A call leaves `started` only once its reply is sent: if sending failed, a dying
// thread still names it, and the pool does not run it a second time. Neither reply
// function throws: whatever a function returns or throws fails only its own call.
function replyValue(id: number, value: unknown, ms?: number): void {
  active.delete(id);
  try {
    if (value === null || (typeof value !== "object" && typeof value !== "function")) {
      send(ms === undefined ? [OK, id, value] : [OK, id, value, ms]); // a symbol throws here
    } else {
      const why = lostClass(value);
      if (why !== undefined) send([RESULT_NOT_CLONEABLE, id, why]);
      else {
        const moves = transferList([value]);
        if (moves !== undefined && movedTwice([value], moves) >= 0) send([RESULT_NOT_CLONEABLE, id, MOVED_TWICE]);
        else if (isBuffer(value)) send([OK, id, value, ms, true], moves);
        else send(ms === undefined ? [OK, id, value] : [OK, id, value, ms], moves);
      }
    }
  } catch (e) {
    notCloneable(id, "result", e);
  }
  started.delete(id);
}

function replyError(id: number, error: unknown, ms?: number): void {
  active.delete(id);
  try {
    const wire = toWire(error);
    send(ms === undefined ? [THREW, id, wire] : [THREW, id, wire, ms]);
  } catch (e) {
    notCloneable(id, "error", e); // not even readable: a Proxy whose traps throw
  }
  started.delete(id);
}

/** A worker module that failed to load, and why (the caller's side names the function). */
class LoadFailure {
  constructor(
    readonly reason: "missing" | "unparsable" | "threw",
    readonly cause: unknown,
  ) {}
}

async function load(m: Module): Promise<(...args: unknown[]) => unknown> {
  let ns: { default?: unknown };
  try {
    ns = (await import(m.url)) as { default?: unknown };
  } catch (e) {
    const code = (e as { code?: unknown } | null)?.code;
    throw new LoadFailure(code === "ERR_MODULE_NOT_FOUND" && String((e as Error).message).includes(m.url.replace("file://", "")) ? "missing" : e instanceof SyntaxError ? "unparsable" : "threw", e);
  }
  const d = ns.default as ((...args: unknown[]) => unknown) & { [RAW_FN]?: (...args: unknown[]) => unknown };
  if (typeof d !== "function") throw new LoadFailure("unparsable", new TypeError("it has no default-exported function"));
  m.fn = d[RAW_FN] ?? d;
  return m.fn;
}

function settled(): void {
  pending--;
  if (pending === 0) yieldThenPark();
}

function run(id: number, m: Module, args: unknown[], cell: number): void {
  // The pool took the call back (cancelled before it started): it has settled it.
  if (cell !== NO_CELL && !claim(ctl, cell, id)) return;
  if (cancelledWhileLoading.delete(id)) {
    replyError(id, new CancelledError("the task was cancelled before it started"));
    return;
  }
  started.add(id);
  const ctx: CallContext = { id, cancelled: undefined, controller: undefined, flag: ctl, slot: CANCEL, module: m.index };
  active.set(id, ctx);
  let result: unknown;
  const t0 = performance.now();
  try {
    result = calls.run(ctx, m.fn!, ...args);
  } catch (e) {
    finished(cell);
    replyError(id, e, measure(m, t0));
    return;
  }
  let then: unknown;
  if (result !== null && typeof result === "object") {
    try {
      then = (result as PromiseLike<unknown>).then;
    } catch (e) {
      finished(cell);
      replyError(id, e, measure(m, t0)); // as `await result` would fail
      return;
    }
  }
  if (typeof then === "function") {
    pending++;
    // Promise.resolve: a hand-made thenable that calls back twice answers once.
    Promise.resolve(result).then(
      (v) => {
        finished(cell);
        replyValue(id, v);
        settled();
      },
      (e: unknown) => {
        finished(cell);
        replyError(id, e);
        settled();
      },
    );
  } else {
    finished(cell);
    replyValue(id, result, measure(m, t0));
  }
}

/** A CPU-bound call's outcome exists: a cancel from now on leaves it be (see protocol.ts DONE). */
function finished(cell: number): void {
  if (cell !== NO_CELL) markDone(ctl, cell);
}

/** How long a synchronous call ran, kept as the module's moving average too. */
function measure(m: Module, t0: number): number {
  const ms = performance.now() - t0;
  m.cost = m.cost === Infinity ? ms : m.cost + (ms - m.cost) / 4;
  return ms;
}

type Message = Call | Calls | Cancel | Ping | ListOpen;

function cancel(id: number): void {
  const ctx = active.get(id);
  if (ctx !== undefined) cancelCall(ctx, undefined);
  else if (loading.has(id)) cancelledWhileLoading.add(id);
}

function handle(message: Message): void {
  if (message[0] === CALLS) {
    for (let i = 1; i < message.length; i++) handle(message[i] as Call);
    return;
  }
  if (message[0] === CANCEL_CALL) {
    cancel(message[1]);
    return;
  }
  if (message[0] === PING) {
    send([PONG, message[1]]);
    return;
  }
  if (message[0] === LIST_OPEN) {
    send([OPEN, message[1], [...started, ...loading]]);
    return;
  }
  const [id, index, args, url, cell, buffers] = message as Call;
  if (buffers !== undefined) for (const i of buffers) args[i] = asBuffer(args[i] as Uint8Array);
  let m = modules[index];
  if (m === undefined) {
    if (url === undefined) {
      replyError(id, new Error(`internal: worker got module #${index} without its URL`));
      return;
    }
    m = modules[index] = { index, url, fn: undefined, loading: undefined, cost: Infinity };
  }
  if (m.fn !== undefined) {
    run(id, m, args, cell);
    return;
  }
  pending++;
  loading.add(id);
  const module = m;
  (m.loading ??= load(m)).then(
    () => {
      loading.delete(id);
      run(id, module, args, cell);
      settled();
    },
    (e: unknown) => {
      loading.delete(id);
      cancelledWhileLoading.delete(id);
      if (e instanceof LoadFailure) {
        m.loading = undefined; // a later call tries again (the file may have been rebuilt)
        active.delete(id);
        let cause: Wire;
        try {
          cause = toWire(e.cause);
        } catch (x) {
          cause = { thrown: describe(x) };
        }
        send([LOAD_FAILED, id, e.reason, cause]);
        started.delete(id);
      } else {
        replyError(id, e);
      }
      settled();
    },
  );
}

/**
 * A full event-loop turn (timers, I/O poll, immediates) costs a few microseconds, as
 * much as a whole synchronous call: between calls that come back to back it is taken
 * at most once per TURN_MS. Otherwise the worker parks again from a microtask, after
 * the promise callbacks the call queued; what needs a real turn (due timers, unhandled
 * rejections) runs at the next one, after the calls in between have answered.
 */
const TURN_MS = 1;
let lastTurn = 0;

function turnThenPark(): void {
  lastTurn = performance.now();
  park();
}

function yieldThenPark(): void {
  if (parkScheduled) return;
  parkScheduled = true;
  if (performance.now() - lastTurn < TURN_MS) queueMicrotask(park);
  else setImmediate(turnThenPark);
}

/**
 * After a call, watches for the next one for up to SPIN_MS before sleeping: calls that
 * come one after another (each awaited by the caller before the next) then find the
 * worker awake, without a futex wake-up, which costs tens of microseconds on a VM whose
 * idle core has gone to sleep. Bounded, and only once after each run of calls.
 */
const SPIN_MS = 0.05;
let spun = true;

function spin(seen: number): boolean {
  if (spun) return false;
  spun = true;
  return spinWhile(ctl, REQUESTS, seen, SPIN_MS);
}

/**
 * The next message from the pool. One that cannot be decoded is dropped by Node with
 * the call id inside it: the worker says so, and the pool finds out which call it was
 * (LIST_OPEN).
 */
function receive(): { message: unknown } | undefined {
  for (;;) {
    try {
      return receiveMessageOnPort(port);
    } catch (e) {
      send([UNREADABLE, describe(e)]);
    }
  }
}

/**
 * Runs calls as they come, blocked in Atomics.wait between them, until one needs the
 * event loop. After running calls, it first lets the event loop turn once.
 */
function park(): void {
  parkScheduled = false;
  while (pending === 0) {
    const seen = Atomics.load(ctl, REQUESTS);
    let ran = false;
    for (let m = receive(); m !== undefined; m = receive()) {
      handle(m.message as Message);
      ran = true;
      spun = false;
      if (pending > 0) return;
    }
    if (ran) {
      yieldThenPark();
      return;
    }
    flushOutput(); // what a timer or callback printed after the last reply
    if (spin(seen)) continue;
    Atomics.wait(ctl, REQUESTS, seen);
  }
}

// A dying thread says so on its port, with the error that killed it if there was one.
let fatal: unknown;
process.on("uncaughtException", (e) => {
  const ctx = calls.getStore();
  if (ctx !== undefined && ctx.module !== undefined && !started.has(ctx.id) && !loading.has(ctx.id)) {
    // Thrown by a timer or callback that a call left behind after it answered: its
    // caller has its result, and the calls beside it are not to blame. The pool reports
    // it, naming the function, and replaces this worker once they are done.
    let wire: Wire;
    try {
      wire = toWire(e);
    } catch (x) {
      wire = { thrown: describe(x) };
    }
    send([STRAY, ctx.module, wire]);
    return;
  }
  // Anything else ends the thread, as it would without this listener (unless code on
  // the thread listens too: then it is theirs to handle).
  if (process.listenerCount("uncaughtException") > 1) return;
  fatal ??= e;
  process.exit(1);
});
process.on("exit", (code) => {
  const ids = [...started];
  const waiting = [...loading];
  try {
    send([DIED, code, fatal === undefined ? undefined : toWire(fatal), ids, waiting]);
  } catch {
    send([DIED, code, undefined, ids, waiting]);
  }
});

port.on("messageerror", (e) => send([UNREADABLE, describe(e)]));
// Calls that arrive while the event loop runs (pending > 0) come as events.
port.on("message", (message: Message) => {
  handle(message);
  if (pending === 0) yieldThenPark();
});
yieldThenPark();
