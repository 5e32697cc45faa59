/**
 * wait() from sync code on cluster calls: the blocked thread's side of the waiter thread
 * (waiter.ts). The blocked thread's event loop, where the caller's Redis clients live,
 * cannot run, so each call waited on is handed to the waiter thread (its job, which that
 * thread adds if need be, and its cancel), and the blocked thread sleeps on a shared bell
 * (Atomics.wait) that the waiter rings after each message it posts, then reads the
 * messages with receiveMessageOnPort and settles the calls from them (calls.ts).
 * A retried call's earlier jobs still out are handed over too: a first run that finishes
 * late settles the call, as when the poll finds it. Once the call has settled, by
 * whatever path, the waiter thread is told to stop watching all of its jobs.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import { TimeoutError } from "../bundle.js";
import type { Call, Calls } from "./calls.js";
import type { Settings } from "./options.js";
import type { RemoteTask } from "./remote-task.js";
import type { CancelWatched, Seen, Unwatch, WaiterData, Watch, WatchEarlier } from "./waiter.js";
import { clock } from "../timers.js";

interface Waiter {
  readonly thread: Worker;
  readonly port: MessagePort;
  readonly bell: Int32Array;
}

/** A backend's blocking waits; its waiter thread starts with the first. */
export class Blocking {
  readonly #o: Settings;
  readonly #calls: Calls;
  #waiter: Waiter | undefined;
  #closed = false;
  /** The jobs handed to the waiter thread, by task: watched until the task settles. */
  readonly #jobs = new Map<RemoteTask<unknown>, string[]>();
  /** Earlier jobs of retried calls handed to the waiter thread (once each). */
  readonly #earlier = new WeakSet<Call>();

  constructor(settings: Settings, calls: Calls) {
    this.#o = settings;
    this.#calls = calls;
  }

  /** Ends the waiter thread; a wait() from now on returns at once (as on a closed backend). */
  async close(): Promise<void> {
    this.#closed = true;
    const w = this.#waiter;
    this.#waiter = undefined;
    this.#jobs.clear();
    if (w === undefined) return;
    w.port.close();
    await w.thread.terminate();
  }

  /** The call has settled (calls.ts): the waiter thread stops watching its jobs, earlier ones too. */
  settled(call: Call): void {
    const ids = this.#jobs.get(call.task);
    if (ids === undefined) return;
    this.#jobs.delete(call.task);
    this.#waiter?.thread.postMessage({ unwatch: ids } satisfies Unwatch);
  }

  /**
   * wait() on a call: hands its job to the waiter thread (waiter.ts) and blocks on the
   * bell it rings, reading what it posts with receiveMessageOnPort, until the call has
   * settled or the time is up. A call still waiting for its Unfuture arguments cannot be
   * sent from here: then it returns, and Unfuture's wait() throws WouldDeadlockError.
   * A call run again after losing its job (a retry) is followed to its new job.
   */
  block(call: Call, timeoutMs: number | undefined): void {
    let w = this.#watch(call);
    if (w === undefined) return;
    const deadline = timeoutMs === undefined ? Infinity : clock() + timeoutMs;
    while (!call.task.done()) {
      const rung = Atomics.load(w.bell, 0);
      this.#readSeen(w);
      if (call.task.done()) return;
      if (call.next !== undefined) {
        // Its job was lost and it is being run again (a retry): the new job is watched instead.
        while (call.next !== undefined) call = call.next;
        w = this.#watch(call) ?? w;
        continue;
      }
      const left = deadline - clock();
      if (left <= 0)
        throw new TimeoutError(
          `wait() on the task ${call.spec.name}() timed out after ${timeoutMs} ms; it is still running on the cluster`,
        );
      Atomics.wait(w.bell, 0, rung, left);
    }
  }

  /**
   * Hands a call to the waiter thread (its job, added there if need be, and its cancel
   * if it was cancelled): the caller's own Redis steps wait for this thread's event loop.
   * A retried call's earlier jobs still out go with it: their late outcome still counts.
   * Undefined when it cannot be watched: settled, or not sendable yet.
   */
  #watch(call: Call): Waiter | undefined {
    if (call.task.done() || call.job === undefined || this.#closed) return undefined;
    const w = (this.#waiter ??= this.#startWaiter());
    if (!call.watched) {
      call.watched = true;
      call.sent = true;
      w.thread.postMessage({
        id: call.id,
        name: call.spec.name,
        data: call.job.data,
        opts: call.job.opts,
        added: call.added,
      } satisfies Watch);
      this.#handed(call);
    }
    if (call.tries > 1)
      for (const c of this.#calls.earlier(call.task))
        if (!this.#earlier.has(c)) {
          this.#earlier.add(c);
          w.thread.postMessage({ earlier: c.id } satisfies WatchEarlier);
          this.#handed(c);
        }
    if (call.cancel !== undefined && !call.cancelWatched) {
      call.cancelWatched = true;
      w.thread.postMessage({ cancel: call.id, data: call.job.data } satisfies CancelWatched);
    }
    return w;
  }

  /** Notes a job handed to the waiter thread, so that its watch ends when its task settles. */
  #handed(call: Call): void {
    const ids = this.#jobs.get(call.task);
    if (ids === undefined) this.#jobs.set(call.task, [call.id]);
    else ids.push(call.id);
  }

  /** Settles the calls the waiter thread has posted about; how many messages it read. */
  #readSeen(w: Waiter): number {
    let n = 0;
    for (let m = receiveMessageOnPort(w.port); m !== undefined; m = receiveMessageOnPort(w.port), n++)
      this.#calls.seen(m.message as Seen);
    return n;
  }

  /**
   * The driver of a blocking wait() on something that hangs on this backend's calls
   * without being one (an Unfuture down a continueWith chain, awaitAll's future): every
   * call out is handed to the waiter thread, and this blocks on its bell until it posts
   * or the deadline. False when no call out can be watched: nothing here would move.
   */
  progress(deadline: number): boolean {
    let w: Waiter | undefined;
    for (const call of [...this.#calls.values()]) w = this.#watch(call) ?? w;
    if (w === undefined) return false;
    const rung = Atomics.load(w.bell, 0);
    if (this.#readSeen(w) > 0) return true;
    const left = deadline - clock();
    if (left > 0) Atomics.wait(w.bell, 0, rung, left);
    this.#readSeen(w);
    return true;
  }

  #startWaiter(): Waiter {
    const { port1, port2 } = new MessageChannel();
    const bell = new Int32Array(new SharedArrayBuffer(4));
    const { connection, queue, prefix, pollMs } = this.#o;
    const data: WaiterData = { connection, queue, prefix, pollMs, bell, port: port2 };
    // The bundle beside this one (scripts/bundle-runtime.mjs).
    const thread = new Worker(new URL("./bullmq-waiter.js", import.meta.url), {
      workerData: data,
      transferList: [port2],
    });
    thread.unref(); // it never keeps the process alive
    // What it posts for a call nobody blocks on any more (a wait that timed out) settles it all the same.
    port1.on("message", (m: Seen) => this.#calls.seen(m));
    port1.unref();
    return { thread, port: port1, bell };
  }
}
