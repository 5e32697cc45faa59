/**
 * How a caller's jobs reach Redis. A call's job is sent once the turn of the event loop
 * that made the call is over, not at once: a cancel() in the same tick or a microtask
 * later then finds the job not sent, and it never is (sent at once, an idle worker
 * could take it before the cancel was marked, and run it).
 *
 * The jobs of one turn go together, as one pipeline (BullMQ's addBulk): one write to the
 * socket and one read for Redis, instead of one each per call, which in a burst is most
 * of what adding a job costs the caller and Redis. Each job is still its own BullMQ
 * script, added under its call's id. If the pipeline fails, each of its calls is sent
 * again on its own (an add of an id that is there already is a no-op), so that one
 * job's failure fails that call only.
 */
import type { Call, Calls } from "./calls.js";
import type { Started } from "./queue.js";
import { setImmediate } from "../timers.js";

export class Outbox {
  readonly #calls: Calls;
  readonly #added: (call: Call) => void;
  #due: Call[] = [];

  /** `added` is told of each call whose job is in Redis. */
  constructor(calls: Calls, added: (call: Call) => void) {
    this.#calls = calls;
    this.#added = added;
  }

  /** Sends the call's job (`call.job`) at the end of this turn, with the others of the turn. */
  push(s: Started, call: Call): void {
    this.#due.push(call);
    if (this.#due.length === 1) setImmediate(() => this.#send(s));
  }

  #send(s: Started): void {
    const due: Call[] = [];
    for (const call of this.#due) {
      // Out of the book: cancelled before it was sent, or settled. One that the waiter
      // thread had handed to Redis and that was cancelled (or withdrawn) is added here all
      // the same (a no-op add): that confirms it, so the cancel reaches its job (caller.ts
      // #added). Not one settled otherwise: its job may be gone (lost), and must stay so.
      if (!this.#calls.has(call.id) && !(call.sent && call.cancel !== undefined)) continue;
      call.sent = true;
      due.push(call);
    }
    this.#due = [];
    if (due.length === 1) this.#sendOne(s, due[0]!);
    else if (due.length > 1)
      s.queue
        .addBulk(due.map((c) => ({ name: c.spec.name, data: c.job!.data, opts: { ...c.job!.opts, jobId: c.id } })))
        .then(
          () => {
            for (const c of due) this.#added(c);
          },
          () => {
            for (const c of due) this.#sendOne(s, c);
          },
        );
  }

  #sendOne(s: Started, call: Call): void {
    s.queue.add(call.spec.name, call.job!.data, { ...call.job!.opts, jobId: call.id }).then(
      () => this.#added(call),
      (e: unknown) =>
        this.#calls.fail(
          call,
          new Error(`${call.spec.name}(): the call could not be queued in Redis: ${(e as Error).message}`, {
            cause: e,
          }),
        ),
    );
  }
}
