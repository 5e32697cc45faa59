/**
 * What the pool sends this worker, in the order it was sent: calls of plain values in
 * the call ring (../plain-ring.ts), everything else on the port. Each ring entry records
 * how many port messages the pool had posted before it, and is read once that many have
 * been read here; a port message that could not be decoded counts as read.
 */
import { receiveMessageOnPort } from "node:worker_threads";
import { readCall } from "../plain-ring.js";
import { UNREADABLE, type Call, type ToWorker } from "../protocol.js";
import { callRing, describe, port, send } from "./replies.js";

/** Port messages read so far: the call ring's entries are ordered by them. */
let portRead = 0;

/**
 * The next message from the pool, from the call ring or the port, in the order sent.
 * One that cannot be decoded is dropped by Node with the call id inside it: the worker
 * says so, and the pool finds out which call it was (LIST_OPEN).
 */
export function receive(): { message: ToWorker } | undefined {
  for (;;) {
    const call = readCall(callRing, portRead);
    if (call !== undefined) return { message: call };
    const before = callRing.postedBefore(); // read before looking at the port: see PlainRing.postedBefore
    try {
      const m = receiveMessageOnPort(port) as { message: ToWorker } | undefined;
      if (m !== undefined) portRead++;
      else if (before > portRead) {
        portRead = before;
        continue;
      }
      return m;
    } catch (e) {
      dropped(e);
    }
  }
}

/**
 * A port event's message is next: the call ring's entries written before it are
 * handled first, then it counts as read (its listener handles it).
 */
export function beforeEvent(handle: (call: Call) => void): void {
  for (let call = readCall(callRing, portRead); call !== undefined; call = readCall(callRing, portRead)) handle(call);
  portRead++;
}

/** A port message Node could not decode: it counts as read, and the pool is told. */
export function dropped(e: unknown): void {
  portRead++;
  send([UNREADABLE, describe(e)]);
}

/**
 * The worker waits for port events from here: the ring is armed, so the pool's next
 * entry comes with a NUDGE. What came as it armed is handled now.
 */
export function armRing(handle: (message: ToWorker) => void): void {
  while (callRing.arm()) {
    const m = receive();
    if (m === undefined) return;
    handle(m.message);
  }
}
