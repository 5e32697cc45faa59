/**
 * The caller's side of the cluster backend: each call becomes a BullMQ job, and its
 * task settles from the job's outcome.
 *
 * Every call settles exactly once, and never from completion events alone: BullMQ's
 * events are best-effort (its events stream is trimmed, and a fresh listener misses
 * events added right after it reports ready). So the events only make the common case
 * fast; a poll looks at every call that has not heard back for `pollMs`, reads its job
 * and settles it from what it finds: finished (its outcome), taken by a worker process
 * whose heartbeat has expired (WorkerLostError), or gone (JobLostError). A task settles
 * through kSettle, which does nothing the second time, so an event and a poll that both
 * find the outcome settle it once.
 */
import { randomUUID } from "node:crypto";
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import { Job, Queue, QueueEvents } from "bullmq";
import type { Redis } from "ioredis";
import {
  __internal,
  AsyncTask,
  BuildMismatchError,
  ClusterUnsupportedError,
  DataCloneError,
  JobLostError,
  TimeoutError,
  Unfuture,
  WorkerLostError,
  type Backend,
} from "../bundle.js";
import { locate } from "./build.js";
import { checkConnection, connect, type Connection } from "./connect.js";
import type { CancelWatched, Seen, WaiterData, Watch } from "./waiter.js";
import { CANCELLED, keys, OK, pack, readOutcome, SKEW, THREW, type JobData, type Outcome, type Where } from "./wire.js";

import type { Status } from "../future.js";
import type { StubSpec, Wire } from "../internal.js";

const { fromWire, STUB_SPEC } = __internal;
const kSettle: typeof __internal.kSettle = __internal.kSettle;
const kCancelled: typeof __internal.kCancelled = __internal.kCancelled;
const kBlockUntilSettled: typeof __internal.kBlockUntilSettled = __internal.kBlockUntilSettled;

/** The timeout a wait() was given, read loosely (Unfuture's own wait checks the options). */
function timeoutOf(opts: unknown): number | undefined {
  const t = typeof opts === "object" && opts !== null ? (opts as { timeoutMs?: unknown }).timeoutMs : undefined;
  return typeof t === "number" && t >= 0 ? t : undefined;
}

export interface BullmqOptions {
  /** Redis: a URL (`redis://127.0.0.1:6379`, `rediss://` for TLS) or ioredis options. */
  connection: Connection;
  /**
   * The BullMQ queue's name; workers must be started with the same (`--queue`).
   * @default "tamed"
   */
  queue?: string;
  /**
   * BullMQ's key prefix.
   * @default "bull"
   */
  prefix?: string;
  /**
   * How long a call may go without news before its job is looked up in Redis (events
   * may be lost), and how often: the bound on a lost event's delay, and part of the
   * bound on noticing a dead worker process (its heartbeat TTL plus this).
   * @default 1000
   */
  pollMs?: number;
  /**
   * How long finished jobs are kept in Redis for callers that missed their event (at
   * most the last 100,000 of them): BullMQ removes older ones as others finish.
   * @default 3600000 (an hour)
   */
  keepMs?: number;
}

const OPTIONS = ["connection", "queue", "prefix", "pollMs", "keepMs"];

/** A call on the cluster: an AsyncTask whose `status` is "running" while a worker process has it. */
export class RemoteTask<T> extends AsyncTask<T> {
  #where: Where | undefined = undefined;
  #active = false;
  /** @internal */
  canceller: ((reason: unknown) => void) | undefined = undefined;

  override get status(): Status {
    const s = super.status;
    return s === "pending" && this.#active ? "running" : s;
  }

  /** The thread that ran the task, in its worker process (see `worker`). */
  override get threadId(): number | undefined {
    return this.#where?.threadId;
  }

  /** The worker process that took the task (`host:pid:id`), once it has. */
  get worker(): string | undefined {
    return this.#where?.worker;
  }

  /**
   * Cancels the task. Queued, its job never runs. Running, the worker process cancels it
   * on its pool (`taskSignal()`, `checkpoint()`, then termination after its grace), and
   * the task settles "cancelled" when the worker lets go. Returns false if it had settled.
   */
  override cancel(reason?: unknown): boolean {
    if (this.done()) return false;
    if (this.canceller === undefined) return super.cancel(reason);
    this.canceller(reason);
    return true;
  }

  /** @internal Blocks this thread until the task settles (see waiter.ts), or throws TimeoutError. */
  blocker: ((timeoutMs: number | undefined) => void) | undefined = undefined;

  /**
   * Blocks this thread until the call has finished on the cluster: a helper thread
   * watches its job, since this thread's event loop (where the Redis clients live)
   * cannot run meanwhile. `timeoutMs` throws TimeoutError and does not cancel.
   */
  override wait(opts?: { timeoutMs?: number }): T {
    this.blocker?.(timeoutOf(opts));
    return super.wait(opts);
  }

  override result(opts?: { timeoutMs?: number }): T {
    this.blocker?.(timeoutOf(opts));
    return super.result(opts);
  }

  override block(opts?: { timeoutMs?: number }): T {
    this.blocker?.(timeoutOf(opts));
    return super.block(opts);
  }

  /** @internal A sync scope's exit, an executor's shutdown: the same blocking wait. */
  override [kBlockUntilSettled](timeoutMs?: number): void {
    this.blocker?.(timeoutMs);
    super[kBlockUntilSettled](timeoutMs);
  }

  /** @internal */
  taken(where: Where | undefined): void {
    this.#active = true;
    if (where !== undefined) this.#where = where;
  }

  /** @internal The cluster's cancel ended it: settled as a local cancel would be. */
  cancelled(reason: unknown): void {
    this.canceller = undefined;
    this[kCancelled](reason);
  }
}

interface Call {
  readonly id: string;
  readonly task: RemoteTask<unknown>;
  readonly spec: StubSpec;
  readonly stack: string | undefined;
  /** The job is in Redis (queue.add resolved). */
  added: boolean;
  /** When the job was last looked at (or heard of). */
  seen: number;
  /**
   * How long after `seen` to look again: pollMs, doubled each time the job is found still
   * waiting for a worker (up to 8 pollMs), so that a long queue costs Redis little; back
   * to pollMs once a worker has it (its heartbeat is what is watched then).
   */
  every: number;
  /** cancel() was called: the reason. */
  cancel: { reason: unknown } | undefined;
  /** What its job is added with (undefined until its Unfuture arguments have settled). */
  job: { readonly data: JobData; readonly opts: Record<string, unknown> } | undefined;
  /** Handed to the waiter thread (a wait() blocked on it); and its cancel, if it was cancelled. */
  watched: boolean;
  cancelWatched: boolean;
}

interface Waiter {
  readonly thread: Worker;
  readonly port: MessagePort;
  readonly bell: Int32Array;
}

interface Started {
  readonly queue: Queue;
  readonly events: QueueEvents;
  readonly redis: Redis;
  readonly connections: readonly Redis[];
  readonly ready: Promise<unknown>;
}

/** The transfer() marks (runtime/transfer.ts keeps them under this key, one set per thread). */
const transferMarks = (globalThis as Record<symbol, WeakSet<object> | undefined>)[Symbol.for("tamed.transfer")];

function serializable(v: unknown): boolean {
  try {
    pack(v);
    return true;
  } catch {
    return false;
  }
}

function isShared(v: unknown): boolean {
  return v instanceof SharedArrayBuffer || (ArrayBuffer.isView(v) && v.buffer instanceof SharedArrayBuffer);
}

/**
 * Runs marked functions on worker processes (`npx tamed worker`) through a BullMQ queue.
 * Make one per process and pass it as `backend` to AsyncExecutor or AsyncScope, or
 * `bind` a function to it; `close()` it when done (its Redis connections keep the
 * process alive).
 */
export class BullmqBackend implements Backend {
  readonly queueName: string;
  readonly #connection: Connection;
  readonly #prefix: string;
  readonly #pollMs: number;
  readonly #keepMs: number;
  readonly #calls = new Map<string, Call>();
  #started: Started | undefined;
  #poller: ReturnType<typeof setInterval> | undefined;
  #waiter: Waiter | undefined;
  #polling = false;
  #closed = false;

  constructor(options: BullmqOptions) {
    if (typeof options !== "object" || options === null) throw new TypeError("bullmq(): options must be an object like { connection: \"redis://127.0.0.1:6379\" }");
    for (const key of Object.keys(options)) {
      if (!OPTIONS.includes(key)) throw new TypeError(`bullmq(): unknown option \`${key}\`; the options are ${OPTIONS.map((k) => `\`${k}\``).join(", ")}`);
    }
    this.#connection = checkConnection("bullmq()", options.connection);
    this.queueName = options.queue ?? "tamed";
    this.#prefix = options.prefix ?? "bull";
    this.#pollMs = positive("pollMs", options.pollMs ?? 1000);
    this.#keepMs = positive("keepMs", options.keepMs ?? 3_600_000);
  }

  /** `fn` bound to this backend: same parameters, calls run on the cluster. */
  bind<A extends unknown[], R>(fn: (...args: A) => AsyncTask<R>): (...args: A) => RemoteTask<R> {
    return (...args: A) => this.call(fn as (...args: never[]) => unknown, args) as RemoteTask<R>;
  }

  /** Calls a marked function on a worker process. */
  call(fn: (...args: never[]) => unknown, args: unknown[]): RemoteTask<unknown> {
    if (this.#closed) throw new Error("bullmq(): call after close(): this backend takes no more calls");
    const spec = (typeof fn === "function" ? (fn as unknown as Record<symbol, StubSpec | undefined>)[STUB_SPEC] : undefined);
    if (spec === undefined) {
      throw new TypeError(`a cluster backend runs functions marked with makeAsync or tamed in a build made with tamed's transformer; ${typeof fn === "function" ? fn.name || "this function" : String(fn)} is not one`);
    }
    const where = locate(spec.url); // throws when the build has no manifest listing it
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a !== null && typeof a === "object" && transferMarks?.has(a)) {
        transferMarks.delete(a);
        throw new ClusterUnsupportedError(spec.name, i, "is marked with transfer(), but a buffer cannot move to another process: it is copied there by value. Drop transfer() for calls on the cluster");
      }
      if (isShared(a)) throw new ClusterUnsupportedError(spec.name, i, "is a SharedArrayBuffer (or a view of one): another process cannot share its memory. Pass a copy, and send changes back as the result");
    }
    const task = new RemoteTask<unknown>(spec.name);
    const call: Call = { id: randomUUID(), task, spec, stack: new Error().stack, added: false, seen: performance.now(), every: this.#pollMs, cancel: undefined, job: undefined, watched: false, cancelWatched: false };
    task.blocker = (timeoutMs) => this.#block(call, timeoutMs);
    task.canceller = (reason) => this.#cancel(call, reason);
    const send = (values: unknown[]): void => {
      let data: JobData;
      try {
        data = { b: where.build.id, m: where.module, n: spec.name, c: spec.cpu, a: pack(values) };
      } catch (e) {
        // The first argument that cannot be serialized on its own is the one named.
        const at = Math.max(0, values.findIndex((v) => !serializable(v)));
        task[kSettle](false, new DataCloneError(spec.name, at, (e as Error).message));
        return;
      }
      this.#add(call, data);
    };
    if (args.some((a) => a instanceof Unfuture && !a.done())) {
      // As on the pool: Unfuture arguments are awaited first and their values sent.
      Promise.all(args).then(
        (values) => {
          if (!task.done()) send(values);
        },
        (e: unknown) => void task[kSettle](false, e),
      );
    } else {
      let values: unknown[];
      try {
        values = args.map((a) => (a instanceof Unfuture ? a.value : a));
      } catch (e) {
        task[kSettle](false, e);
        return task;
      }
      send(values);
    }
    return task;
  }

  /** Closes its Redis connections; pending calls are left to their jobs (their tasks stay pending). */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#poller !== undefined) clearInterval(this.#poller);
    const w = this.#waiter;
    this.#waiter = undefined;
    if (w !== undefined) {
      w.port.close();
      await w.thread.terminate();
    }
    const s = this.#started;
    this.#started = undefined;
    if (s === undefined) return;
    await Promise.allSettled([s.events.close(), s.queue.close()]);
    for (const c of s.connections) c.disconnect();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #start(): Started {
    if (this.#started !== undefined) return this.#started;
    // BullMQ leaves connections it was given open at close(): close() disconnects them.
    const redis = connect(this.#connection);
    const queueRedis = connect(this.#connection);
    const eventsRedis = connect(this.#connection);
    // BullMQ trims its events stream to 10,000 entries by default: a burst of a few
    // thousand calls (four events each) outruns the listener, and calls whose completion
    // was trimmed away wait for the poll. A longer stream (about 100 bytes an entry) keeps them.
    const queue = new Queue(this.queueName, { connection: queueRedis, prefix: this.#prefix, streams: { events: { maxLen: 200_000 } } });
    const events = new QueueEvents(this.queueName, { connection: eventsRedis, prefix: this.#prefix });
    // Connection errors while Redis is away: ioredis reconnects, and the poll catches up.
    queue.on("error", () => {});
    events.on("error", () => {});
    events.on("completed", ({ jobId, returnvalue }) => this.#completed(jobId, returnvalue));
    events.on("active", ({ jobId }) => {
      const call = this.#calls.get(jobId);
      if (call === undefined) return;
      call.task.taken(undefined);
      call.every = this.#pollMs; // from now on its worker's heartbeat is watched
      call.seen = performance.now();
    });
    // A failed job (stalled past maxStalledCount, say) has no outcome of ours: the poll reads why.
    events.on("failed", ({ jobId }) => {
      const call = this.#calls.get(jobId);
      if (call !== undefined) void this.#look([call]);
    });
    const s = { queue, events, redis, connections: [redis, queueRedis, eventsRedis], ready: Promise.all([queue.waitUntilReady(), events.waitUntilReady()]) };
    this.#started = s;
    return s;
  }

  #add(call: Call, data: JobData): void {
    const s = this.#start();
    this.#calls.set(call.id, call);
    this.#poll();
    // Finished jobs stay for callers that missed the event (a remove per call would cost Redis a script each).
    const keep = { age: Math.ceil(this.#keepMs / 1000), count: 100_000 };
    const opts = { attempts: 1, removeOnComplete: keep, removeOnFail: keep };
    call.job = { data, opts };
    s.queue.add(call.spec.name, data, { ...opts, jobId: call.id }).then(
      () => {
        call.added = true;
        call.seen = performance.now();
        if (call.cancel !== undefined) void this.#cancelJob(call);
      },
      (e: unknown) => this.#settle(call, () => call.task[kSettle](false, new Error(`${call.spec.name}(): the call could not be queued in Redis: ${(e as Error).message}`, { cause: e }))),
    );
  }

  /** Keeps a timer while calls are pending (it holds the process open, as running tasks do). */
  #poll(): void {
    if (this.#poller !== undefined) return;
    this.#poller = setInterval(() => {
      if (this.#calls.size === 0) {
        clearInterval(this.#poller);
        this.#poller = undefined;
        return;
      }
      if (this.#polling) return;
      const now = performance.now();
      const due: Call[] = [];
      for (const c of this.#calls.values()) if (c.added && now - c.seen >= c.every) due.push(c);
      if (due.length > 0) void this.#look(due.slice(0, 500));
    }, Math.max(50, Math.min(this.#pollMs / 2, 500)));
  }

  /**
   * Reads these calls' jobs and settles those that have ended, one way or another. One
   * pipelined round trip reads a few fields of every job's hash (BullMQ's job key,
   * `queue.toKey(id)`; `pb` is its "processed by" field), a second one the heartbeat
   * keys of the workers holding them: a poll of hundreds of calls costs Redis little.
   * A read that fails (Redis unreachable) decides nothing: the next poll tries again.
   */
  async #look(due: Call[]): Promise<void> {
    const s = this.#started;
    if (s === undefined) return;
    this.#polling = true;
    try {
      const now = performance.now();
      const read = s.redis.pipeline();
      for (const c of due) read.hmget(s.queue.toKey(c.id), "timestamp", "finishedOn", "pb", "returnvalue", "failedReason");
      const rows = (await read.exec()) ?? [];
      const held: { call: Call; worker: string }[] = [];
      for (let i = 0; i < due.length; i++) {
        const call = due[i]!;
        const [error, fields] = rows[i] ?? [new Error("no reply")];
        if (error !== null || call.task.done()) continue;
        call.seen = now;
        const [timestamp = null, finishedOn = null, worker = null, returnvalue = null, failedReason = null] = fields as (string | null)[];
        if (this.#ended(call, timestamp, finishedOn, worker, returnvalue, failedReason)) continue;
        if (worker === null) {
          call.every = Math.min(call.every * 2, this.#pollMs * 8);
        } else {
          call.every = this.#pollMs;
          call.task.taken(undefined);
          held.push({ call, worker });
        }
      }
      if (held.length === 0) return;
      const k = keys(this.#prefix, this.queueName);
      const workers = [...new Set(held.map((h) => h.worker))];
      const alive = await s.redis.pipeline(workers.map((w) => ["exists", k.alive(w)])).exec();
      const gone = new Set(workers.filter((_, i) => alive?.[i]?.[0] === null && alive[i]![1] === 0));
      if (gone.size === 0) return;
      // Read again: a call may have finished just before its worker stopped.
      const lost = held.filter((h) => gone.has(h.worker) && !h.call.task.done());
      const again = await s.redis.pipeline(lost.map((h) => ["hmget", s.queue.toKey(h.call.id), "finishedOn", "returnvalue"])).exec();
      lost.forEach(({ call, worker }, i) => {
        const [error, fields] = again?.[i] ?? [new Error("no reply")];
        if (error !== null || call.task.done()) return;
        const [finishedOn, returnvalue] = fields as (string | null)[];
        if (finishedOn !== null && returnvalue !== null && returnvalue !== undefined) this.#completed(call.id, returnvalue);
        else this.#settle(call, () => call.task[kSettle](false, new WorkerLostError(call.spec.name, worker, performance.now() - now)));
      });
    } catch {
      // Redis unreachable: the next poll tries again.
    } finally {
      this.#polling = false;
    }
  }

  #completed(jobId: string, returnvalue: unknown): void {
    const call = this.#calls.get(jobId);
    if (call === undefined) return;
    const outcome = readOutcome(returnvalue);
    if (outcome === undefined) {
      this.#settle(call, () => call.task[kSettle](false, new Error(`${call.spec.name}(): its job came back without a tamed outcome (was it taken by a worker that is not \`npx tamed worker\`?)`)));
      return;
    }
    this.#settle(call, () => this.#apply(call, outcome));
  }

  #apply(call: Call, o: Outcome): void {
    const task = call.task;
    task.taken(o[2]);
    const name = call.spec.name;
    if (o[0] === OK) task[kSettle](true, o[1]);
    else if (o[0] === THREW) task[kSettle](false, fromWire(o[1] as Wire, this.#callerFrames(call, o[2]), undefined, classesOf(call.spec)));
    else if (o[0] === CANCELLED) task.cancelled(call.cancel?.reason ?? o[1]);
    else if (o[0] === SKEW) task[kSettle](false, new BuildMismatchError(name, locate(call.spec.url).build.id, o[1], o[2].worker));
  }

  #callerFrames(call: Call, where: Where): string {
    const boundary = `    at ${call.spec.name} (tamed cluster worker ${where.worker}, thread ${where.threadId ?? "?"})`;
    const s = call.stack;
    const nl = s === undefined ? -1 : s.indexOf("\n");
    // The first frame below "Error" is call() itself.
    const rest = nl < 0 ? "" : s!.slice(nl + 1).split("\n").slice(1).join("\n");
    return rest === "" ? boundary : `${boundary}\n${rest}`;
  }

  /**
   * wait() on a call: hands its job to the waiter thread (waiter.ts) and blocks on the
   * bell it rings, reading what it posts with receiveMessageOnPort, until the call has
   * settled or the time is up. A call still waiting for its Unfuture arguments cannot be
   * sent from here: then it returns, and Unfuture's wait() throws WouldDeadlockError.
   */
  #block(call: Call, timeoutMs: number | undefined): void {
    if (call.task.done() || call.job === undefined || this.#closed) return;
    const w = (this.#waiter ??= this.#startWaiter());
    if (!call.watched) {
      call.watched = true;
      w.thread.postMessage({ id: call.id, name: call.spec.name, data: call.job.data, opts: call.job.opts } satisfies Watch);
    }
    if (call.cancel !== undefined && !call.cancelWatched) {
      call.cancelWatched = true; // the caller's own cancel steps wait for this thread's event loop
      w.thread.postMessage({ cancel: call.id } satisfies CancelWatched);
    }
    const deadline = timeoutMs === undefined ? Infinity : performance.now() + timeoutMs;
    while (!call.task.done()) {
      const rung = Atomics.load(w.bell, 0);
      for (let m = receiveMessageOnPort(w.port); m !== undefined; m = receiveMessageOnPort(w.port)) this.#seen(m.message as Seen);
      if (call.task.done()) return;
      const left = deadline - performance.now();
      if (left <= 0) throw new TimeoutError(`wait() on the task ${call.spec.name}() timed out after ${timeoutMs} ms; it is still running on the cluster`);
      Atomics.wait(w.bell, 0, rung, left);
    }
  }

  #startWaiter(): Waiter {
    const { port1, port2 } = new MessageChannel();
    const bell = new Int32Array(new SharedArrayBuffer(4));
    const data: WaiterData = { connection: this.#connection, queue: this.queueName, prefix: this.#prefix, pollMs: this.#pollMs, bell, port: port2 };
    // The bundle beside this one (scripts/bundle-runtime.mjs).
    const thread = new Worker(new URL("./bullmq-waiter.js", import.meta.url), { workerData: data, transferList: [port2] });
    thread.unref(); // it never keeps the process alive
    // What it posts for a call nobody blocks on any more (a wait that timed out) settles it all the same.
    port1.on("message", (m: Seen) => this.#seen(m));
    port1.unref();
    return { thread, port: port1, bell };
  }

  /** What the waiter thread saw of a call's job. */
  #seen(m: Seen): void {
    const call = this.#calls.get(m[0]);
    if (call === undefined) return;
    if (m[1] === "removed") {
      this.#settle(call, () => call.task.cancelled(call.cancel?.reason));
      return;
    }
    const [timestamp, finishedOn, worker, returnvalue, failedReason] = m[1];
    if (this.#ended(call, timestamp ?? null, finishedOn ?? null, worker ?? null, returnvalue ?? null, failedReason ?? null)) return;
    if (m[2] && worker !== null && worker !== undefined) this.#settle(call, () => call.task[kSettle](false, new WorkerLostError(call.spec.name, worker, 0)));
  }

  /** Settles a call whose job has ended (or is gone), from its fields; false while it has not. */
  #ended(call: Call, timestamp: string | null, finishedOn: string | null, worker: string | null, returnvalue: string | null, failedReason: string | null): boolean {
    if (timestamp === null) {
      this.#settle(call, () => call.task[kSettle](false, new JobLostError(call.spec.name, call.id)));
    } else if (finishedOn !== null && returnvalue !== null) {
      this.#completed(call.id, returnvalue);
    } else if (finishedOn !== null) {
      // Failed by BullMQ, not by the function (whose errors come back as outcomes).
      const stalled = /stalled/i.test(failedReason ?? "");
      this.#settle(call, () =>
        call.task[kSettle](false, stalled && worker !== null ? new WorkerLostError(call.spec.name, worker) : new Error(`${call.spec.name}(): its job failed in BullMQ: ${failedReason}`)),
      );
    } else return false;
    return true;
  }

  #settle(call: Call, settle: () => void): void {
    this.#calls.delete(call.id);
    call.task.canceller = undefined;
    settle();
  }

  #cancel(call: Call, reason: unknown): void {
    if (call.cancel !== undefined) return;
    call.cancel = { reason };
    if (!this.#calls.has(call.id)) {
      // Not sent yet (waiting for Unfuture arguments): it never will be.
      call.task.cancelled(reason);
      return;
    }
    if (call.added) void this.#cancelJob(call);
  }

  /**
   * The cancel key first: a worker that takes the job from then on finds it and does not
   * run it. Then the job as it is now: not taken yet, it never will be run, and is
   * removed; taken, the worker is told (pub/sub) to cancel it on its pool, and its
   * outcome settles the task (cancelled, or its result if it had finished).
   */
  async #cancelJob(call: Call): Promise<void> {
    const s = this.#started;
    if (s === undefined) return;
    const k = keys(this.#prefix, this.queueName);
    try {
      await s.redis.set(k.cancel(call.id), "1", "PX", this.#keepMs);
      const job = await Job.fromId(s.queue, call.id);
      if (job === undefined || job === null) return; // settled meanwhile, or lost: the poll says which
      if (job.processedBy === undefined && job.finishedOn === undefined) {
        await s.queue.remove(call.id).catch(() => 0);
        this.#settle(call, () => call.task.cancelled(call.cancel!.reason));
        return;
      }
      await s.redis.publish(k.channel, call.id);
    } catch {
      // Redis unreachable: the poll settles the call as its job ends.
    }
  }
}

function positive(name: string, v: unknown): number {
  if (typeof v !== "number" || !(v > 0) || !Number.isFinite(v)) throw new RangeError(`bullmq(): \`${name}\` must be a positive number of milliseconds, got ${String(v)}`);
  return v;
}

const classCache = new WeakMap<StubSpec, ReadonlyMap<string, abstract new (...args: never[]) => Error> | undefined>();

function classesOf(spec: StubSpec): ReadonlyMap<string, abstract new (...args: never[]) => Error> | undefined {
  if (spec.errors === undefined) return undefined;
  let m = classCache.get(spec);
  if (m === undefined) {
    try {
      m = new Map(spec.errors().map((C) => [C.name, C]));
    } catch {
      m = undefined;
    }
    classCache.set(spec, m);
  }
  return m;
}
