/**
 * The main module of every worker thread. It runs calls sent by the pool (see
 * ../protocol.ts), on its port or in its call ring (../plain-ring.ts), against the
 * worker modules the transformer emitted.
 *
 * An idle worker parks in `Atomics.wait` on its `ctl` counter instead of idling in
 * its event loop: a futex wake-up is several times cheaper than a MessagePort
 * event. While a call awaits something (a module import, an async function) the
 * worker must run its event loop, so it leaves the parked loop and comes back when
 * nothing is pending. Before it parks it gives its event loop one turn, so what a
 * finished call left behind (promise callbacks, due timers, an unhandled rejection)
 * runs now and not at the next call. Timers due later wait for the next call: a
 * function should await what it starts.
 *
 * This module owns running calls, and the parked loop; receive.ts reads what the pool
 * sends, in order; idle.ts decides when the worker gets back to the parked loop and how
 * long it watches before sleeping; replies.ts sends what goes back; load.ts loads the
 * worker modules; death.ts tells the pool how the thread dies.
 */
import { calls, cancelCall, type CallContext } from "../call-context.js";
import { builtinsPrint } from "../builtins.js";
import { asBuffer } from "../class-instance.js";
import { claim, markDone, ring, sleep } from "../doorbell.js";
import { CancelledError } from "../errors.js";
import {
  BUILTINS,
  CALLS,
  CANCEL,
  CANCEL_CALL,
  END,
  LOAD_FAILED,
  PING,
  PONG,
  REPLIES,
  REQUESTS,
  LIST_OPEN,
  SLEEPING,
  LIVE,
  NO_CELL,
  NUDGE,
  OPEN,
  OUTPUT,
  WAITERS,
  WORKER_FLAG,
  type Call,
  type ToWorker,
} from "../protocol.js";
import { toWire, type Wire } from "../wire-error.js";
import { endThread, watchForDeath } from "./death.js";
import { parking, ranCall, watchBeforeSleep, yieldThenPark } from "./idle.js";
import { load, LoadFailure, type Module } from "./load.js";
import { captureOutput, flushOutput } from "./output.js";
import { armRing, beforeEvent, dropped, receive } from "./receive.js";
import { active, ctl, describe, port, post, replyError, replyValue, send, started, wake } from "./replies.js";
import { clock } from "../timers.js";

(globalThis as Record<symbol, unknown>)[WORKER_FLAG] = true;
// Worker frames then point at the original .ts lines (esbuild writes the maps).
process.setSourceMapsEnabled(true);

Atomics.store(ctl, LIVE, 1);

const modules: Array<Module | undefined> = [];
/** Calls waiting on the event loop: module loads and async functions. */
let pending = 0;
/** Calls waiting for their module to load, and those of them cancelled meanwhile. */
const loading = new Set<number>();
const cancelledWhileLoading = new Set<number>();

// What the worker's code printed goes ahead of every reply, so the caller writes it before it settles the call.
captureOutput((chunks) => {
  post([OUTPUT, chunks]);
  ring(wake, REPLIES, WAITERS);
});

function settled(): void {
  pending--;
  if (pending === 0) yieldThenPark(park);
}

function run(id: number, m: Module, args: unknown[], cell: number): void {
  // The pool took the call back (cancelled before it started): it has settled it.
  if (cell !== NO_CELL && !claim(ctl, cell, id)) return;
  if (cancelledWhileLoading.delete(id)) {
    replyError(id, new CancelledError("the task was cancelled before it started"));
    return;
  }
  started.add(id);
  const ctx: CallContext = {
    id,
    cancelled: undefined,
    controller: undefined,
    flag: ctl,
    slot: CANCEL,
    module: m.index,
  };
  active.set(id, ctx);
  let result: unknown;
  const t0 = clock();
  try {
    result = calls.run(ctx, m.fn!, ...args);
  } catch (e) {
    finished(cell, id);
    replyError(id, e, measure(m, t0), m.errors);
    return;
  }
  let then: unknown;
  if (result !== null && typeof result === "object") {
    try {
      then = (result as PromiseLike<unknown>).then;
    } catch (e) {
      finished(cell, id);
      replyError(id, e, measure(m, t0), m.errors); // as `await result` would fail
      return;
    }
  }
  if (typeof then === "function") {
    pending++;
    // Promise.resolve: a hand-made thenable that calls back twice answers once.
    Promise.resolve(result).then(
      (v) => {
        finished(cell, id);
        replyValue(id, v);
        settled();
      },
      (e: unknown) => {
        finished(cell, id);
        replyError(id, e, undefined, m.errors);
        settled();
      },
    );
  } else {
    finished(cell, id);
    replyValue(id, result, measure(m, t0));
  }
}

/** The call's outcome exists: a cancel from now on leaves it be (see protocol.ts DONE). */
function finished(cell: number, id: number): void {
  if (cell !== NO_CELL) markDone(ctl, cell, id);
}

/** How long a synchronous call ran, kept as the module's moving average too. */
function measure(m: Module, t0: number): number {
  const ms = clock() - t0;
  m.cost = m.cost === Infinity ? ms : m.cost + (ms - m.cost) / 4;
  return ms;
}

function cancel(id: number): void {
  const ctx = active.get(id);
  if (ctx !== undefined) cancelCall(ctx, undefined);
  else if (loading.has(id)) cancelledWhileLoading.add(id);
}

/** Modules loaded since this thread last slept: it sends their built-ins' fingerprint before it sleeps. */
const printsDue: number[] = [];
/** The built-ins as Node gave them to this thread, before any module of the program (builtins.ts). */
const pristine = builtinsPrint();

/**
 * Loads a worker module. Its built-ins (builtins.ts), which the pool compares with the
 * caller's thread's, are taken before this thread next sleeps: off the first call's path,
 * and surely sent (an event-loop turn is not, since a worker may park from a microtask),
 * at the latest as the thread ends.
 */
async function loaded(m: Module): Promise<(...args: unknown[]) => unknown> {
  const fn = await load(m);
  printsDue.push(m.index);
  return fn;
}

function sendPrints(): void {
  if (printsDue.length === 0) return;
  const print = builtinsPrint();
  for (const index of printsDue.splice(0)) send([BUILTINS, index, pristine, print]);
}

function handle(message: ToWorker): void {
  if (message[0] === NUDGE) return; // what it stands for was read ahead of it
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
  if (message[0] === END) {
    sendPrints(); // a program that ends right after its first call still hears of a replaced built-in
    endThread();
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
  (m.loading ??= loaded(m)).then(
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
 * Runs calls as they come, blocked in Atomics.wait between them, until one needs the
 * event loop. After running calls, it first lets the event loop turn once.
 */
function park(): void {
  parking();
  while (pending === 0) {
    const seen = Atomics.load(ctl, REQUESTS);
    let ran = false;
    for (let m = receive(); m !== undefined; m = receive()) {
      handle(m.message);
      ran = true;
      ranCall();
      if (pending > 0) {
        armRing(handle); // the event loop runs from here (a call awaits something)
        return;
      }
    }
    if (ran) {
      yieldThenPark(park);
      return;
    }
    flushOutput(); // what a timer or callback printed after the last reply
    sendPrints();
    if (watchBeforeSleep(seen)) continue;
    sleep(ctl, REQUESTS, SLEEPING, seen);
  }
}

watchForDeath(loading, (index) => modules[index]?.fn !== undefined);

port.on("messageerror", dropped);
// Calls that arrive while the event loop runs (pending > 0) come as events. Those
// queued behind one are read at once, without an event each: an event costs several
// times what reading the message does, and 500 async calls posted together are 500.
port.on("message", (message: ToWorker) => {
  beforeEvent(handle); // what came in the call ring before it
  handle(message);
  for (let m = receive(); m !== undefined; m = receive()) handle(m.message);
  if (pending === 0) yieldThenPark(park);
  else armRing(handle); // the event loop runs from here (a call awaits something)
});
yieldThenPark(park);
