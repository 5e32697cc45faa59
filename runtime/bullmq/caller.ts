/**
 * The caller's side of the cluster backend: each call becomes a BullMQ job, and its
 * task settles from the job's outcome.
 *
 * Every call settles exactly once, and never from completion events alone: BullMQ's
 * events are best-effort (its events stream is trimmed, and a fresh listener misses
 * events added right after it reports ready). So the events only make the common case
 * fast; a poll (poll.ts) looks at every call that has not heard back for `pollMs`, reads
 * its job and settles it from what it finds: finished (its outcome), taken by a worker
 * process whose heartbeat has expired (WorkerLostError), or gone (JobLostError). The
 * book of calls (calls.ts) settles each once, whichever path finds the outcome first.
 *
 * This module owns the backend object: a call's checks and its job, the poll's timer,
 * and cancel. Its connections and events are in queue.ts, how and when jobs are sent in
 * send.ts, blocking waits in blocking.ts, the cancel mark in cancel.ts.
 */
import { __internal, AsyncTask, DataCloneError, type Backend } from "../bundle.js";
import type { StubSpec } from "../internal.js";
import type { Site } from "../call-sites.js";
import { Blocking } from "./blocking.js";
import { locate } from "./build.js";
import { markCancelled } from "./cancel.js";
import { checkArguments, firstUnserializable, readyValues, specOf } from "./call-arguments.js";
import { Calls, newCall, retryOf, type Call } from "./calls.js";
import { readOptions, readRetries, type BullmqOptions, type RetryOptions, type Settings } from "./options.js";
import { lookUp, lookUpRetired } from "./poll.js";
import { startQueue, type Started } from "./queue.js";
import { RemoteTask } from "./remote-task.js";
import { Outbox } from "./send.js";
import { keys, pack, type JobData } from "./wire.js";
import { setTimeout, setInterval, clearInterval, clock } from "../timers.js";

export type { BullmqOptions, RetryOptions } from "./options.js";
export { RemoteTask } from "./remote-task.js";

const { addDriver, removeDriver, settings, callSite } = __internal;
const kSettle: typeof __internal.kSettle = __internal.kSettle;

/**
 * Runs marked functions on worker processes (`npx tamed worker`) through a BullMQ queue.
 * Make one per process and pass it as `backend` to AsyncExecutor or AsyncScope, or
 * `bind` a function to it; `close()` it when done (its Redis connections keep the
 * process alive).
 */
export class BullmqBackend implements Backend {
  readonly queueName: string;
  readonly #o: Settings;
  readonly #calls = new Calls({
    // Closed, it sends nothing more (a poll that was reading when close() came may still find a loss).
    retry: (call) => !this.#closed && (this.#retry(call), true),
    withdraw: (call) => this.#withdraw(call),
    settled: (call) => this.#blocking.settled(call),
  });
  /** Functions opted into retries for every call (idempotent()): how many. */
  readonly #retries = new WeakMap<StubSpec, number>();
  readonly #outbox = new Outbox(this.#calls, (call) => this.#added(call));
  readonly #blocking: Blocking;
  #started: Started | undefined;
  #poller: ReturnType<typeof setInterval> | undefined;
  #polling = false;
  #closed = false;
  #closing: Promise<void> | undefined;
  /**
   * What moves its calls while this thread is blocked in a wait() on something else: an
   * Unfuture further down a continueWith chain of a call, say (see Blocking.progress).
   */
  readonly #driver = { progress: (deadline: number): boolean => this.#blocking.progress(deadline) };

  constructor(options: BullmqOptions) {
    this.#o = readOptions(options);
    this.#blocking = new Blocking(this.#o, this.#calls);
    this.queueName = this.#o.queue;
  }

  /**
   * `fn` bound to this backend: same parameters, calls run on the cluster. With
   * `{ retries }`, a call whose job is lost is run again (for idempotent functions only:
   * see idempotent()).
   */
  bind<A extends unknown[], R>(
    fn: (...args: A) => AsyncTask<R>,
    options?: RetryOptions,
  ): (...args: A) => RemoteTask<R> {
    const spec = specOf(fn);
    const retries = readRetries("bind()", options);
    const bound = (...args: A): RemoteTask<R> => {
      return this.#call(spec, args, retries ?? this.#retries.get(spec) ?? 0, this.#site(bound)) as RemoteTask<R>;
    };
    return bound;
  }

  /**
   * Opts `fn` into retries for every call through this backend (an executor's, a
   * scope's, a bound function's): a call whose job is lost, its worker process killed
   * or cut off (WorkerLostError) or the job gone from Redis (JobLostError), is run again
   * as a new job, up to `retries` times (default 1). Only for idempotent functions: a
   * lost run may have done some or all of its work. Without it a lost call is never
   * run again.
   */
  idempotent(fn: (...args: never[]) => unknown, options?: RetryOptions): void {
    const spec = specOf(fn);
    this.#retries.set(spec, readRetries("idempotent()", options) ?? 1);
  }

  /** Calls a marked function on a worker process. */
  call(fn: (...args: never[]) => unknown, args: unknown[]): RemoteTask<unknown> {
    const spec = specOf(fn);
    return this.#call(spec, args, this.#retries.get(spec) ?? 0, this.#site(BullmqBackend.prototype.call));
  }

  /** The call's site, above the frame of `entry`, the public function called (call-sites.ts). */
  #site(entry: (...args: never[]) => unknown): Site {
    return callSite(settings.callSites, this.#calls.size, entry);
  }

  #call(spec: StubSpec, args: unknown[], retries: number, site: Site): RemoteTask<unknown> {
    if (this.#closed) throw new Error("bullmq(): call after close(): this backend takes no more calls");
    const where = locate(spec.url); // throws when the build has no manifest listing it
    checkArguments(spec.name, args);
    const task = new RemoteTask<unknown>(spec.name);
    const call = newCall(task, spec, site, this.#o.pollMs, retries);
    this.#own(call);
    const send = (values: unknown[]): void => {
      let data: JobData;
      try {
        data = { b: where.build.tag, m: where.module, c: spec.cpu, a: pack(values) };
      } catch (e) {
        task[kSettle](false, new DataCloneError(spec.name, firstUnserializable(values), (e as Error).message));
        return;
      }
      this.#add(call, data);
    };
    // As on the pool: Unfuture arguments are awaited first and their values sent.
    let values: unknown[] | undefined;
    try {
      values = readyValues(args);
    } catch (e) {
      task[kSettle](false, e);
      return task;
    }
    if (values !== undefined) send(values);
    else
      Promise.all(args).then(
        (settled) => {
          if (!task.done()) send(settled);
        },
        (e: unknown) => void task[kSettle](false, e),
      );
    return task;
  }

  /**
   * Closes its Redis connections; pending calls are left to their jobs (their tasks stay
   * pending). Every call of it resolves once they are closed.
   */
  close(): Promise<void> {
    return (this.#closing ??= this.#close());
  }

  async #close(): Promise<void> {
    this.#closed = true;
    removeDriver(this.#driver);
    if (this.#poller !== undefined) clearInterval(this.#poller);
    await this.#blocking.close();
    const s = this.#started;
    this.#started = undefined;
    if (s === undefined) return;
    // BullMQ's close waits for its connection's "end", which ioredis never emits for a
    // connection closed while it reconnects (Redis away): so it is given a second, and
    // then the connections are closed all the same (the timer, unref'd, holds nothing open).
    const late = new Promise((r) => setTimeout(r, 1000).unref());
    await Promise.race([Promise.allSettled([s.events.close(), s.queue.close()]), late]);
    for (const c of s.connections) c.disconnect();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #start(): Started {
    if (this.#started !== undefined) return this.#started;
    this.#started = startQueue(this.#o, this.#calls, (due) => void this.#look(due));
    addDriver(this.#driver);
    return this.#started;
  }

  #add(call: Call, data: JobData): void {
    const s = this.#start();
    this.#calls.add(call);
    this.#poll();
    call.job = { data, opts: this.#o.jobOptions };
    this.#outbox.push(s, call); // sent at the end of this turn of the event loop (send.ts)
  }

  /** The call's task answers to it: its wait() and its cancel(). */
  #own(call: Call): void {
    call.task.blocker = (timeoutMs) => this.#blocking.block(call, timeoutMs);
    call.task.canceller = (reason) => this.#cancel(call, reason);
  }

  /**
   * Runs a lost call again (calls.ts decides when): a new call under a new job id takes
   * over its task, sent as any call is. A new id, not the old job again: that one is
   * failed in BullMQ (stalled), or gone.
   */
  #retry(lost: Call): void {
    const call = retryOf(lost, this.#o.pollMs);
    call.task.requeued();
    this.#own(call);
    this.#add(call, call.job!.data);
  }

  /**
   * Stops the job of a retry whose task an earlier run settled (calls.ts): not sent yet,
   * it never is (the outbox skips calls out of the book); queued, it is never run; taken,
   * its run is cancelled. Its outcome is for no one: the call is out of the book.
   */
  #withdraw(call: Call): void {
    call.cancel = { reason: undefined };
    if (call.added) void this.#cancelJob(call);
  }

  /** The call's job is in Redis. */
  #added(call: Call): void {
    call.added = true;
    call.seen = clock();
    if (call.cancel !== undefined) void this.#cancelJob(call);
  }

  /** Keeps a timer while calls are pending (it holds the process open, as running tasks do). */
  #poll(): void {
    if (this.#poller !== undefined) return;
    this.#poller = setInterval(
      () => {
        if (this.#calls.size === 0) {
          clearInterval(this.#poller);
          this.#poller = undefined;
          return;
        }
        if (this.#polling) return;
        const now = clock();
        const due: Call[] = [];
        for (const c of this.#calls.values()) if (c.added && now - c.seen >= c.every) due.push(c);
        const late = this.#calls.retiredDue(now, this.#o.pollMs);
        if (due.length > 0 || late.length > 0) void this.#look(due.slice(0, 500), late.slice(0, 500));
      },
      Math.max(50, Math.min(this.#o.pollMs / 2, 500)),
    );
  }

  async #look(due: Call[], late: Call[] = []): Promise<void> {
    const s = this.#started;
    if (s === undefined) return;
    this.#polling = true;
    try {
      const target = { queue: s.queue, redis: s.redis, prefix: this.#o.prefix, pollMs: this.#o.pollMs };
      // Earlier runs first: one that finished settles its call before the retry's worker is judged.
      if (late.length > 0) await lookUpRetired(this.#calls, late, target);
      if (due.length > 0) await lookUp(this.#calls, due, target);
    } catch {
      // Redis unreachable: the next poll tries again.
    } finally {
      this.#polling = false;
    }
  }

  #cancel(call: Call, reason: unknown): void {
    if (call.cancel !== undefined) return;
    call.cancel = { reason };
    if (!this.#calls.has(call.id)) {
      // Not sent yet (waiting for Unfuture arguments): it never will be.
      call.task.cancelled(reason);
      return;
    }
    if (!call.sent) {
      // Its job is not in Redis and never will be (see send.ts): no worker can run it.
      this.#calls.settle(call, () => call.task.cancelled(reason));
      return;
    }
    if (call.added) void this.#cancelJob(call);
  }

  /**
   * Marks the job cancelled (cancel.ts). Not taken yet, it never will be run: the call
   * settles cancelled at once, and the worker that takes the job lets it go unrun (the
   * job is not removed: the mark also makes a later add of the same id, the waiter
   * thread's, a no-op). Taken, the worker is told (by the same script) to cancel it,
   * and its outcome settles the task (cancelled, or its result if it had finished).
   */
  async #cancelJob(call: Call): Promise<void> {
    const s = this.#started;
    if (s === undefined || call.job === undefined) return;
    try {
      const channel = keys(this.#o.prefix, this.queueName).channel;
      const at = await markCancelled(s.redis, s.queue.toKey(call.id), call.job.data, channel, call.id);
      // Gone (the poll says why) or finished (its outcome settles it): nothing to stop.
      if (at === "queued") this.#calls.settle(call, () => call.task.cancelled(call.cancel!.reason));
    } catch {
      // Redis unreachable: the poll settles the call as its job ends.
    }
  }
}
