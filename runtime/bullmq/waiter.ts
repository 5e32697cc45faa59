/**
 * The waiter thread of tamed/bullmq: what lets `wait()` block on a cluster call.
 *
 * A thread blocked in `wait()` cannot run its event loop, where the caller's Redis
 * clients live: the call's job may not even be in Redis yet (queue.add is a chain of
 * promises on that loop). So the blocked thread hands the call to this thread, which
 * has Redis clients of its own: it adds the job (with the call's id: BullMQ ignores the
 * second add of an id, so the caller's own add, when its loop runs again, adds nothing),
 * reads the job's fields until it has finished or its worker's heartbeat is gone, posts
 * them, and rings a shared counter that the blocked thread waits on with Atomics.wait
 * (then reads the message with receiveMessageOnPort). The blocked thread settles the
 * task from those fields exactly as the poll does.
 */
import { parentPort, workerData, type MessagePort } from "node:worker_threads";
import { Queue } from "bullmq";
import { markCancelled } from "./cancel.js";
import { connect, type Connection } from "./connect.js";
import { keys, type JobData } from "./wire.js";

export interface WaiterData {
  readonly connection: Connection;
  readonly queue: string;
  readonly prefix: string;
  readonly pollMs: number;
  /** Rung (Atomics.add + notify at index 0) after each message posted. */
  readonly bell: Int32Array;
  readonly port: MessagePort;
}

/** Blocked thread → waiter: watch this call's job (adding it first if it is not there). */
export interface Watch {
  readonly id: string;
  readonly name: string;
  readonly data: JobData;
  readonly opts: Record<string, unknown>;
}

/**
 * Blocked thread → waiter: this call was cancelled (a cancel() just before a wait(),
 * whose own Redis commands wait for the blocked thread's event loop). The same steps as
 * the caller's cancel: the job marked cancelled (cancel.ts), and the worker told if it
 * has the job already.
 */
export interface CancelWatched {
  readonly cancel: string;
  /** The job's data, to be marked cancelled (cancel.ts). */
  readonly data: JobData;
}

/**
 * Waiter → blocked thread: the job's `timestamp, finishedOn, pb, returnvalue,
 * failedReason`, and whether its worker's heartbeat is gone; or "unrun": marked
 * cancelled before any worker took it (cancel.ts), so none will run it.
 */
export type Seen = [id: string, fields: (string | null)[], lost: boolean] | [id: string, unrun: "unrun"];

export const FIELDS = ["timestamp", "finishedOn", "pb", "returnvalue", "failedReason"] as const;

const d = workerData as WaiterData;
const redis = connect(d.connection);
const queue = new Queue(d.queue, { connection: connect(d.connection), prefix: d.prefix });
queue.on("error", () => {});
const k = keys(d.prefix, d.queue);

/** Calls whose cancel found their job queued: their watch ends. */
const unrun = new Set<string>();
/** Jobs of watched calls being added: a cancel of one waits for its add. */
const added = new Map<string, Promise<undefined>>();

const sleep = (ms: number): Promise<unknown> => new Promise((r) => setTimeout(r, ms));

function post(message: Seen): void {
  d.port.postMessage(message);
  Atomics.add(d.bell, 0, 1);
  Atomics.notify(d.bell, 0);
}

async function watch(w: Watch): Promise<void> {
  // Redis unreachable: try again, as long as the blocked thread waits (its timeout, if any, ends that).
  for (;;) {
    try {
      const adding = queue.add(w.name, w.data, { ...w.opts, jobId: w.id });
      added.set(
        w.id,
        adding.then(
          () => undefined,
          () => undefined,
        ),
      );
      await adding;
      added.delete(w.id);
      let every = 1;
      let heartbeatAt = 0;
      for (;;) {
        // Settled by its cancel: a worker lets its job go unrun whenever it takes it.
        if (unrun.delete(w.id)) return;
        const fields = (await redis.hmget(queue.toKey(w.id), ...FIELDS)) as (string | null)[];
        const [timestamp = null, finishedOn = null, worker = null] = fields;
        if (timestamp === null || finishedOn !== null) return post([w.id, fields, false]);
        if (worker !== null && performance.now() - heartbeatAt >= d.pollMs) {
          heartbeatAt = performance.now();
          if ((await redis.exists(k.alive(worker))) === 0) return post([w.id, fields, true]);
        }
        await sleep(every);
        every = Math.min(every * 1.5, 20);
      }
    } catch {
      await sleep(100);
    }
  }
}

async function cancel({ cancel: id, data }: CancelWatched): Promise<void> {
  for (let tries = 0; tries < 50; tries++) {
    try {
      // The watch of this call (posted first) adds its job: marked before that, it would be "gone".
      await added.get(id);
      const at = await markCancelled(redis, queue.toKey(id), data);
      if (at === "queued") {
        unrun.add(id);
        return post([id, "unrun"]);
      }
      // Gone, or finished: the watch reads how it ended.
      if (at === "taken") await redis.publish(k.channel, id);
      return;
    } catch {
      await sleep(100);
    }
  }
}

parentPort!.on("message", (m: Watch | CancelWatched) => void ("cancel" in m ? cancel(m) : watch(m)));
