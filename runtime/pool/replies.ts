/**
 * What comes back from workers: replies read as port events or, for a caller blocked
 * in wait(), straight off the ports (drain), the reply ring's entries and the port's
 * messages merged in the order sent; each settles its call, and the queue moves once
 * per batch of them. A message that could not be decoded goes to unreadable.ts.
 */
import { receiveMessageOnPort } from "node:worker_threads";
import { asBuffer } from "../class-instance.js";
import { DataCloneError, WorkerModuleError } from "../errors.js";
import { readReply, small } from "../plain-ring.js";
import {
  DIED,
  LOAD_FAILED,
  NUDGE,
  OK,
  OPEN,
  OUTPUT,
  PONG,
  RESULT_NOT_CLONEABLE,
  STDOUT,
  STRAY,
  EXIT_THREW,
  BUILTINS,
  THREW,
  UNREADABLE,
  type OutputChunks,
  type Reply,
} from "../protocol.js";
import { fromWire, type ErrorClasses } from "../wire-error.js";
import { compareBuiltins } from "./builtins-check.js";
import { settleCancelled } from "./cancel.js";
import { retire, stray } from "./crashes.js";
import { pump } from "./dispatch.js";
import { atCallSite, callerFrames, fail, reason, succeed } from "./job.js";
import type { Pool, TaskSpec } from "./pool.js";
import type { Slot } from "./slot.js";
import { checked, unreadable } from "./unreadable.js";
import { ENTRY, release } from "./workers.js";
import { clearTimeout, setImmediate } from "../timers.js";

/** The spec's error classes (the descriptor's `errors`), looked up when an error comes back. */
function classesOf(spec: TaskSpec): ErrorClasses | undefined {
  if (spec.errors === undefined) return undefined;
  try {
    return spec.errors();
  } catch {
    return undefined; // a binding the thunk names is not reachable: fall back to same-named stand-ins
  }
}

/**
 * Writes what a worker's code printed to this thread's process.stdout and
 * process.stderr, at once: stdout is synchronous for files, pipes and terminals on
 * Linux (and for files everywhere), so the lines are out before the task they came
 * with settles, and before a program that ends right after it exits.
 */
function print(chunks: OutputChunks): void {
  for (let i = 0; i < chunks.length; i += 2)
    (chunks[i] === STDOUT ? process.stdout : process.stderr).write(chunks[i + 1] as string | Uint8Array);
}

/**
 * A reply came as an event. The replies behind it are read at once, without an event
 * each (workers post one per call; a busy worker's run of short calls leaves many),
 * and the queue moves once, after the last of them.
 */
export function onMessage(pool: Pool, slot: Slot, reply: Reply): void {
  // Read in its turn, after the reply ring's entries written before it: by drainSlot,
  // or by a drain nested in a callback those entries settle (one that blocks in wait()).
  slot.held = reply;
  readNow(pool, slot, true);
}

function readNow(pool: Pool, slot: Slot, fromEvent: boolean): void {
  const outer = pool.holdPump;
  pool.holdPump = true;
  try {
    drainSlot(pool, slot, fromEvent);
  } finally {
    pool.holdPump = outer;
  }
  pump(pool);
}

function onReply(pool: Pool, slot: Slot, reply: Reply): void {
  slot.waking = false;
  if (reply[0] === NUDGE) return;
  if (reply[0] === OUTPUT) {
    print(reply[1]);
    return;
  }
  if (reply[0] === PONG) {
    if (slot.ping?.token === reply[1]) {
      clearTimeout(slot.ping.timer);
      slot.ping = undefined;
      pump(pool);
    }
    return;
  }
  if (reply[0] === OPEN) {
    checked(pool, slot, reply[1], reply[2]);
    return;
  }
  if (reply[0] === UNREADABLE) {
    unreadable(pool, slot, false, reply[1]);
    return;
  }
  if (reply[0] === BUILTINS) {
    // After what the loop has to do now (a first call's result, read just before it).
    setImmediate(() => compareBuiltins(pool, slot, reply[1], reply[2], reply[3]));
    return;
  }
  if (reply[0] === EXIT_THREW) {
    slot.error ??= fromWire(reply[1], undefined, ENTRY.href); // reported as it ends (workers.ts ended)
    return;
  }
  if (reply[0] === STRAY) {
    stray(pool, slot, reply[1], reply[2], reply[3]);
    return;
  }
  if (reply[0] === DIED) {
    retire(pool, slot, reply[1], reply[2] === undefined ? slot.error : fromWire(reply[2], undefined, ENTRY.href), {
      started: reply[3],
      loading: reply[4],
      leftBehindBy: reply[5],
      atLoad: reply[6],
    });
    return;
  }
  const job = slot.jobs.get(reply[1]);
  if (job === undefined) return;
  if ((reply[0] === OK || reply[0] === THREW) && reply[3] !== undefined) {
    const spec = job.spec;
    spec.cost = spec.cost === Infinity ? reply[3] : spec.cost + (reply[3] - spec.cost) / 4;
  }
  release(pool, slot, job);
  pump(pool);
  if (job.stopping !== undefined) {
    settleCancelled(pool, job); // whatever it answered, it was asked to stop
    return;
  }
  switch (reply[0]) {
    case OK: {
      // A reply read from the ring carries its run time, a fraction, in the same array: V8 then
      // keeps the array's numbers as doubles, and a whole result would come out a heap number.
      const value = reply[2];
      succeed(
        job,
        reply[4] === true ? asBuffer(value as Uint8Array) : typeof value === "number" ? small(value) : value,
      );
      break;
    }
    case THREW:
      fail(job, fromWire(reply[2], callerFrames(job, slot.threadId), ENTRY.href, classesOf(job.spec)));
      break;
    case RESULT_NOT_CLONEABLE:
      fail(
        job,
        atCallSite(
          job,
          slot.threadId,
          new DataCloneError(job.spec.name, reply[3] ?? "result", reply[2].replace(/\.+$/, "")),
        ),
      );
      break;
    case LOAD_FAILED: {
      const cause = fromWire(reply[3], undefined, ENTRY.href, classesOf(job.spec));
      fail(job, atCallSite(job, slot.threadId, new WorkerModuleError(job.spec.name, job.spec.url, reply[2], cause)));
      break;
    }
  }
}

/** Reads every reply already posted, without the event loop. */
export function drain(pool: Pool): number {
  let n = 0;
  // A snapshot: a reply can start a worker (appending) or retire one (removing).
  for (const slot of [...pool.slots]) if (slot.jobs.size > 0 || slot.ping !== undefined) n += drainSlot(pool, slot);
  return n;
}

/**
 * Reads what the worker sent, the reply ring's entries and the port's messages in the
 * order sent (plain-ring.ts). `fromEvent`: the port event's own message, held in the
 * slot, is read first of the port's; the rest only if that left the worker in the pool.
 */
export function drainSlot(pool: Pool, slot: Slot, fromEvent = false): number {
  try {
    return readAll(pool, slot, fromEvent);
  } catch (e) {
    // Handling one message threw (a program's process.stdout.write that throws as a
    // worker's output is printed): what came after it is read on the next turn, since
    // entries already in the reply ring will bring no NUDGE.
    setImmediate(() => void (pool.slots.includes(slot) && readNow(pool, slot, false)));
    throw e;
  }
}

function readAll(pool: Pool, slot: Slot, fromEvent: boolean): number {
  let n = 0;
  for (;;) {
    n += readRing(pool, slot);
    const held = slot.held;
    if (held !== undefined) {
      slot.held = undefined;
      slot.portRead++;
      onReply(pool, slot, held);
      n++;
      if (fromEvent && !pool.slots.includes(slot)) return n;
      continue;
    }
    // Read before looking at the port: see PlainRing.postedBefore.
    const before = slot.replies.postedBefore();
    let m;
    try {
      m = receiveMessageOnPort(slot.port);
    } catch (e) {
      slot.portRead++;
      unreadable(pool, slot, true, reason(e)); // Node dropped it, call id and all
      n++;
      continue;
    }
    if (m === undefined) {
      if (before > slot.portRead) {
        slot.portRead = before;
        continue;
      }
      // Everything is read: the next entry brings a NUDGE. One written as this armed is read now.
      if (!slot.replies.arm()) return n;
      continue;
    }
    slot.portRead++;
    onReply(pool, slot, m.message as Reply);
    n++;
  }
}

/** The reply ring's entries written before the next port message. */
function readRing(pool: Pool, slot: Slot): number {
  let n = 0;
  for (let r = readReply(slot.replies, slot.portRead); r !== undefined; r = readReply(slot.replies, slot.portRead)) {
    n++;
    onReply(pool, slot, r);
  }
  return n;
}
