/**
 * The worker's end of the wire back to the pool: its port and counters (from
 * workerData), every reply it sends (each rings the pool's REPLIES doorbell, so a
 * caller blocked in wait() wakes), and the calls begun and not answered yet, which a
 * reply ends (a dying thread names those that are left).
 */
import { workerData } from "node:worker_threads";
import type { CallContext } from "../call-context.js";
import { isBuffer, lostClass } from "../class-instance.js";
import { ring } from "../doorbell.js";
import {
  NUDGE,
  OK,
  REPLIES,
  RESULT_NOT_CLONEABLE,
  THREW,
  WAITERS,
  type Nudge,
  type Reply,
  type WorkerData,
} from "../protocol.js";
import { CALL_WIDTH, isPlain, NUDGE_NEEDED, PlainRing, REPLY_WIDTH, writeReply } from "../plain-ring.js";
import { MOVED_TWICE, movedTwice, transferList, type TransferItem } from "../transfer.js";
import { toWire } from "../wire-error.js";
import { flushOutput } from "./output.js";

const data = workerData as WorkerData;
export const { port, ctl, wake } = data;
/** Calls with plain arguments, from the pool (read by entry.ts), and plain replies to it. */
export const callRing = new PlainRing(data.callRing, CALL_WIDTH);
const answers = new PlainRing(data.replyRing, REPLY_WIDTH);
/** Messages posted on the port so far: each entry of the reply ring records it (plain-ring.ts). */
let posted = 0;

/** Every message to the pool goes on the port through here, counted. */
export function post(message: Reply | Nudge, moves?: TransferItem[]): void {
  if (moves === undefined) port.postMessage(message);
  else port.postMessage(message, moves);
  posted++;
}

/** Calls whose function has begun running and not answered yet; a dying thread names them. */
export const started = new Set<number>();
/** The context of each running call, for cancels that arrive by message. */
export const active = new Map<number, CallContext>();

export function send(reply: Reply, moves?: TransferItem[]): void {
  flushOutput();
  post(reply, moves);
  ring(wake, REPLIES, WAITERS);
}

/** A plain value's reply, through the reply ring when it has room. */
function sendPlain(id: number, value: unknown, ms: number | undefined): void {
  flushOutput();
  const written = writeReply(answers, posted, id, value, ms);
  if (written === false) post(ms === undefined ? [OK, id, value] : [OK, id, value, ms]);
  else if (written === NUDGE_NEEDED) post([NUDGE]);
  ring(wake, REPLIES, WAITERS);
}

/** What an error says, for a reason in a message; never throws (a Proxy's traps may). */
export function describe(x: unknown): string {
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
export function replyValue(id: number, value: unknown, ms?: number): void {
  active.delete(id);
  try {
    if (isPlain(value)) sendPlain(id, value, ms);
    else if (value === null || (typeof value !== "object" && typeof value !== "function")) {
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

/** `classes`: the function's error classes (its module's `__tamed_errors`), which the wire names by index. */
export function replyError(id: number, error: unknown, ms?: number, classes?: readonly unknown[]): void {
  active.delete(id);
  try {
    const wire = toWire(error, classes);
    send(ms === undefined ? [THREW, id, wire] : [THREW, id, wire, ms]);
  } catch (e) {
    notCloneable(id, "error", e); // not even readable: a Proxy whose traps throw
  }
  started.delete(id);
}
