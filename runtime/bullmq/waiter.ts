/**
 * The waiter thread of tamed/bullmq: what lets `wait()` block on a cluster call.
 *
 * A thread blocked in `wait()` cannot run its event loop, where the caller's Redis
 * clients live: the call's job may not even be in Redis yet (queue.add is a chain of
 * promises on that loop). So the blocked thread hands the call to this thread, which
 * has Redis clients of its own: it adds the job unless the caller's add was answered
 * (with the call's id: BullMQ ignores the second add of an id, so the caller's own add,
 * when its loop runs again, adds nothing),
 * reads the job's fields until it has finished or its worker's heartbeat is gone, posts
 * them, and rings a shared counter that the blocked thread waits on with Atomics.wait
 * (then reads the message with receiveMessageOnPort). The blocked thread settles the
 * task from those fields exactly as the poll does.
 * A retried call's earlier jobs still out are watched too, read-only, until they end: a
 * first run that finishes late settles the call (calls.ts). Every watch of a call's
 * jobs ends when the blocked thread says the call has settled.
 */
import { parentPort, workerData, type MessagePort } from "node:worker_threads";
import { Queue } from "bullmq";
import { markCancelled } from "./cancel.js";
import { connect, type Connection } from "./connect.js";
import { keys, type JobData } from "./wire.js";
import { clock } from "../timers.js";

export interface WaiterData {
  readonly connection: Connection;
  readonly queue: string;
  readonly prefix: string;
  readonly pollMs: number;
  /** Rung (Atomics.add + notify at index 0) after each message posted. */
  readonly bell: Int32Array;
  readonly port: MessagePort;
}

/**
 * Blocked thread → waiter: watch this call's job, adding it first unless the caller
 * knows it was added (`added`): a job added once and gone since (Redis restarted
 * without persistence) is lost, and must not be added again.
 */
export interface Watch {
  readonly id: string;
  readonly name: string;
  readonly data: JobData;
  readonly opts: Record<string, unknown>;
  readonly added: boolean;
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
 * Blocked thread → waiter: watch this earlier job of a retried call (its job was judged
 * lost, and it was run again), which may yet finish: never added, its worker never
 * judged (a loss decides nothing now); posted once it has ended or is gone.
 */
export interface WatchEarlier {
  readonly earlier: string;
}

/** Blocked thread → waiter: these jobs' call has settled: their watches end. */
export interface Unwatch {
  readonly unwatch: readonly string[];
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

/**
 * The jobs being watched, each with its watch: `earlier` false for a call's own job (its
 * worker's heartbeat is watched too), true for a retried call's earlier job, read until
 * it ends. A job taken out (its call settled, or its cancel found it queued) is no longer read.
 */
const watching = new Map<string, { earlier: boolean }>();
/** Jobs of watched calls being added: a cancel of one waits for its add. */
const added = new Map<string, Promise<undefined>>();

const sleep = (ms: number): Promise<unknown> => new Promise((r) => setTimeout(r, ms));

function post(message: Seen): void {
  d.port.postMessage(message);
  Atomics.add(d.bell, 0, 1);
  Atomics.notify(d.bell, 0);
}

/**
 * Reads job `id` until it has ended, its worker is gone (a call's own job, `own`, only),
 * or its watch was ended; adds it first if the caller had not (`own.added`).
 */
async function watch(id: string, own: Watch | undefined): Promise<void> {
  const mine = { earlier: own === undefined };
  let add = own?.added === false ? own : undefined;
  watching.set(id, mine);
  let every = 1;
  let heartbeatAt = 0;
  // Redis unreachable: try again, as long as the job is watched (a wait()'s timeout, if any, ends that).
  while (watching.get(id) === mine) {
    try {
      if (add !== undefined) {
        const adding = queue.add(add.name, add.data, { ...add.opts, jobId: id });
        added.set(
          id,
          adding.then(
            () => undefined,
            () => undefined,
          ),
        );
        await adding;
        added.delete(id);
        add = undefined; // added once: a job gone after that (Redis restarted) is lost, not added again
      }
      const fields = (await redis.hmget(queue.toKey(id), ...FIELDS)) as (string | null)[];
      if (watching.get(id) !== mine) return;
      const [timestamp = null, finishedOn = null, worker = null] = fields;
      if (timestamp === null || finishedOn !== null) {
        watching.delete(id);
        return post([id, fields, false]);
      }
      if (worker !== null && !mine.earlier && clock() - heartbeatAt >= d.pollMs) {
        heartbeatAt = clock();
        // Made an earlier job meanwhile, its loss is old news: it is read on until it ends.
        if ((await redis.exists(k.alive(worker))) === 0 && !mine.earlier && watching.get(id) === mine) {
          watching.delete(id);
          return post([id, fields, true]);
        }
      }
      await sleep(every);
      every = Math.min(every * 1.5, 20);
    } catch {
      await sleep(100);
    }
  }
}

/**
 * An earlier job of a retried call: read until it ends. Still watched as a call's own job
 * (a wait() that timed out left it, and the poll found it lost), that watch goes on
 * without judging its worker; else a new one starts (never adding it: it was lost once).
 */
function watchEarlier(id: string): void {
  const w = watching.get(id);
  if (w !== undefined) w.earlier = true;
  else void watch(id, undefined);
}

async function cancel({ cancel: id, data }: CancelWatched): Promise<void> {
  for (let tries = 0; tries < 50; tries++) {
    try {
      // The watch of this call (posted first) adds its job: marked before that, it would be "gone".
      await added.get(id);
      const at = await markCancelled(redis, queue.toKey(id), data, k.channel, id);
      if (at === "queued") {
        // Settled by its cancel: a worker lets its job go unrun whenever it takes it.
        watching.delete(id);
        return post([id, "unrun"]);
      }
      // Taken (its worker was told), gone, or finished: the watch reads how it ended.
      return;
    } catch {
      await sleep(100);
    }
  }
}

parentPort!.on("message", (m: Watch | WatchEarlier | CancelWatched | Unwatch) => {
  if ("cancel" in m) void cancel(m);
  else if ("earlier" in m) watchEarlier(m.earlier);
  else if ("unwatch" in m) for (const id of m.unwatch) watching.delete(id);
  else void watch(m.id, m);
});
