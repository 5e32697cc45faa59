import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort, type TransferListItem, type WorkerOptions } from "node:worker_threads";
import { asBuffer, isBuffer, lostClass } from "./class-instance.js";
import { afterInputs, inputValues } from "./inputs.js";
import { stoppedProbe } from "./thread-probe.js";
import { isDone, offer, offered, ring, spinWhile, takeBack } from "./doorbell.js";
import { DataCloneError, WorkerCrashedError, WorkerModuleError } from "./errors.js";
import { warn } from "./warn.js";
import { Fifo } from "./fifo.js";
import { kCancelled, kOnSettle, kSettle, setDriver, Unfuture, type Driver } from "./future.js";
import {
  CALLS,
  CANCEL,
  CANCEL_CALL,
  CELL_COUNT,
  CTL_LENGTH,
  DIED,
  LIST_OPEN,
  LIVE,
  LOAD_FAILED,
  NO_CELL,
  OK,
  OPEN,
  OUTPUT,
  PING,
  PONG,
  REPLIES,
  REQUESTS,
  RESULT_NOT_CLONEABLE,
  STDOUT,
  STRAY,
  THREW,
  UNREADABLE,
  type Call,
  type Cancel,
  type ListOpen,
  type OutputChunks,
  type Ping,
  type Reply,
  type WorkerData,
} from "./protocol.js";
import { onSettingsChange, settings } from "./settings.js";
import { AsyncTask, kCanceller, kStart } from "./task.js";
import { MOVED_TWICE, movedTwice, transferList } from "./transfer.js";
import { fromWire, type Wire } from "./wire-error.js";

/** The worker threads' entry: worker/entry.ts bundled into one file by the build (scripts/bundle-runtime.mjs). */
const ENTRY = new URL("./worker.js", import.meta.url);

/**
 * A busy worker is sent further CPU-bound calls while the work it holds is estimated
 * below this many milliseconds: short calls then wait at the worker, not for a round
 * trip through this thread, and a long call never has calls stuck behind it.
 */
const PIPELINE_MS = 2;
/** The estimate for a function not measured yet: it goes only to an idle worker. */
const UNMEASURED_MS = 1e9;

/** How long a caller blocked in wait() watches for a reply before it sleeps (see #spin). */
const SPIN_MS = 0.05;

/** A call whose worker keeps dying before starting it fails after this many new tries. */
const MAX_RETRIES = 2;

/**
 * How often a caller blocked in wait() checks for workers that stopped without a word
 * (replies wake it at once; this bounds only how late such a death is noticed).
 */
const PROBE_MS = 50;

/** What the pool needs to know about a marked function; one per stub. */
export interface TaskSpec {
  readonly name: string;
  /** URL of the worker module the transformer emitted for the function. */
  readonly url: string;
  /** `makeAsync`: needs a worker to itself. `tamed`: may share a worker's event loop. */
  readonly cpu: boolean;
  /** Index of `url` in the module table of the pool that assigned it (`owner`): a pool made after a shutdown numbers its modules afresh. */
  module: number;
  owner: object | undefined;
  /** Milliseconds a call takes on a worker (moving average of what workers report); Infinity until measured. */
  cost: number;
  /** Error classes to rebuild errors as (see TaskDescriptor.errors). */
  readonly errors: (() => readonly (abstract new (...args: never[]) => Error)[]) | undefined;
}

/** The spec's error classes by name, looked up when an error first comes back. */
function classesOf(spec: TaskSpec): ReadonlyMap<string, abstract new (...args: never[]) => Error> | undefined {
  if (spec.errors === undefined) return undefined;
  try {
    return new Map(spec.errors().map((C) => [C.name, C]));
  } catch {
    return undefined; // a binding the thunk names is not reachable: fall back to same-named stand-ins
  }
}

/**
 * One call, from submit() until its task settles. It is also its task's canceller, so
 * a call costs no closure for that; and with `callSites`, the call site's stack is
 * captured onto it (`stack`), not onto an object of its own. A burst of 100,000 calls
 * keeps all of them alive at once: every object per call shows in GC time.
 */
class Job {
  /** Kept until the task settles: a call a dying worker never started is sent again. */
  args: unknown[] | undefined;
  /**
   * True while `args` are the caller's own objects (posted at once, not copied): they
   * may have changed since the call, so such a call is not sent a second time.
   */
  live: boolean;
  /** Times the call went back to the queue because its worker died before starting it. */
  retries = 0;
  /** The worker it was posted to, while it is there. */
  slot: Slot | undefined = undefined;
  /** Its claim cell at that worker (NO_CELL for async calls); see protocol.ts CELLS. */
  cell = NO_CELL;
  /** Its spec's cost when posted, counted in the worker's `work`. */
  est = 0;
  /** Posted behind other calls at a busy worker: it waits there until the worker claims it. */
  behind = false;
  /** Set by cancel(): the reason, and when the worker's grace runs out. */
  stopping: { readonly reason: unknown; readonly deadline: number; readonly timer: ReturnType<typeof setTimeout> } | undefined = undefined;
  /** Where the task was called (Error.captureStackTrace); its frames are appended to a failure's stack. */
  declare readonly stack?: string;
  /** The marked function's stub, until the call site is captured (see captureSite). */
  caller: Function | undefined = undefined;
  /** Indexes of the arguments that are Buffers: the worker makes them Buffers again. */
  buffers: number[] | undefined = undefined;

  constructor(
    readonly pool: Pool,
    readonly id: number,
    readonly spec: TaskSpec,
    readonly task: AsyncTask<unknown>,
    args: unknown[],
    /** Buffers marked with transfer(): moved, not copied, when the call is posted. */
    public moves: TransferListItem[] | undefined,
  ) {
    this.args = args;
    this.live = moves !== undefined || !args.every(isPrimitive);
  }

  cancel(reason: unknown): boolean {
    return this.pool.cancelJob(this, reason);
  }

  /**
   * Captures the call site, once, while submit() is still on the stack: at its end, or
   * earlier if the call fails before that. Done after the call is posted, so that the
   * worker wakes while this thread captures (a capture took ~20 µs of a call's 70 µs
   * after the thread had idled a few ms).
   */
  captureSite(): void {
    if (this.caller === undefined) return;
    Error.captureStackTrace(this, this.caller);
    this.caller = undefined;
  }
}

class Slot {
  readonly jobs = new Map<number, Job>();
  readonly threadId: number;
  cpu = 0;
  error: unknown = undefined;
  /** An unanswered ping: after a cancelled async task was let go, is the worker's event loop still free? */
  ping: { readonly token: number; readonly deadline: number; readonly timer: ReturnType<typeof setTimeout> } | undefined = undefined;
  /**
   * Set while the pool asks the worker which calls it holds, after a message between
   * them could not be decoded: the calls posted before the question, and why each
   * direction failed (see protocol.ts OPEN).
   */
  check: { readonly token: number; readonly jobs: readonly number[]; toWorker: string | undefined; fromWorker: string | undefined } | undefined = undefined;
  /** The function of the last call it answered, to name it in a report of its death. */
  last: string | undefined = undefined;
  /** A callback a call left behind threw on it: it takes no new call, and is stopped when idle. */
  retiring = false;
  /** Stops the worker after idleTimeoutMs; cleared when a call comes. */
  idleTimer: ReturnType<typeof setTimeout> | undefined = undefined;
  /** Its calls being cancelled: until they let go (or are let go), it may be stuck, and takes no new call. */
  cancelling = 0;
  /** Estimated milliseconds of CPU-bound work posted to it and not answered. */
  work = 0;
  /** Claim cells not in use. */
  readonly cells: number[] = Array.from({ length: CELL_COUNT }, (_, i) => CELL_COUNT - 1 - i);
  readonly #known = new Set<number>();

  readonly #stopped: (() => boolean) | undefined;

  constructor(
    readonly worker: Worker,
    readonly port: MessagePort,
    readonly ctl: Int32Array,
  ) {
    this.threadId = worker.threadId;
    this.#stopped = stoppedProbe(worker);
  }

  /** The job was posted here and the worker has not begun it: true until it claims its cell. */
  unclaimed(job: Job): boolean {
    return job.cell !== NO_CELL && offered(this.ctl, job.cell, job.id);
  }

  /** Takes a job back before the worker begins it; false if it has begun. */
  takeBack(job: Job): boolean {
    return job.cell !== NO_CELL && takeBack(this.ctl, job.cell, job.id);
  }

  /** The thread has stopped (known synchronously, before its exit event; see thread-probe.ts). */
  stopped(): boolean {
    return this.#stopped !== undefined && Atomics.load(this.ctl, LIVE) === 1 && this.#stopped();
  }

  #reffed = false;

  ref(): void {
    if (this.#reffed) return;
    this.#reffed = true;
    this.worker.ref();
    this.port.ref();
  }

  /** Unrefs an idle worker (one with calls again stays ref'd). */
  unrefIfIdle(): void {
    if (!this.#reffed || this.jobs.size > 0) return;
    this.#reffed = false;
    this.worker.unref();
    this.port.unref();
  }

  knows(module: number): boolean {
    return this.#known.has(module);
  }

  learn(module: number): void {
    this.#known.add(module);
  }

  forget(module: number): void {
    this.#known.delete(module);
  }
}

function ordinal(n: number): string {
  return n === 1 ? "1st" : n === 2 ? "2nd" : n === 3 ? "3rd" : `${n}th`;
}

function isPrimitive(v: unknown): boolean {
  return v === null || (typeof v !== "object" && typeof v !== "function");
}

function reason(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/\.+$/, "");
}

function cloneFailure(name: string, args: readonly unknown[], error: unknown): DataCloneError {
  for (let i = 0; i < args.length; i++) {
    try {
      structuredClone(args[i]);
    } catch (e) {
      return new DataCloneError(name, i, reason(e));
    }
  }
  return new DataCloneError(name, 0, reason(error));
}

/**
 * Writes what a worker's code printed to this thread's process.stdout and
 * process.stderr, at once: stdout is synchronous for files, pipes and terminals on
 * Linux (and for files everywhere), so the lines are out before the task they came
 * with settles, and before a program that ends right after it exits.
 */
function print(chunks: OutputChunks): void {
  for (let i = 0; i < chunks.length; i += 2) (chunks[i] === STDOUT ? process.stdout : process.stderr).write(chunks[i + 1] as string | Uint8Array);
}

/**
 * Which argument of a call the worker could not decode: the only object among them, or
 * the first one this thread cannot copy either (a copy here decodes on this thread).
 */
function unreadableArgument(args: readonly unknown[]): number {
  const objects = args.flatMap((a, i) => (isPrimitive(a) ? [] : [i]));
  for (const i of objects.length > 1 ? objects : []) {
    try {
      structuredClone(args[i]);
    } catch {
      return i;
    }
  }
  return objects[0] ?? 0;
}

/** The frames where the job was called, under a frame that names the function and its thread. */
function callerFrames(job: Job, threadId: number | undefined): string {
  job.captureSite();
  const s = job.stack;
  const boundary = `    at ${job.spec.name} (tamed worker thread ${threadId ?? "?"})`;
  const nl = s === undefined ? -1 : s.indexOf("\n");
  return nl < 0 ? boundary : `${boundary}\n${s!.slice(nl + 1)}`;
}

/** An error made on this thread about a job gets the job's call site as its stack. */
function atCallSite<E extends Error>(job: Job, threadId: number | undefined, error: E): E {
  error.stack = `${error.name}: ${error.message}\n${callerFrames(job, threadId)}`;
  return error;
}

/**
 * The worker pool: lazily started threads, a FIFO queue, and the reply path.
 *
 * Dispatch never depends on this thread's event loop: posting a call is a
 * `postMessage` plus an `Atomics.notify`, and replies can be read with
 * `receiveMessageOnPort`. So a thread blocked in `wait()` keeps the pool moving by
 * itself (`progress`): it reads replies, which frees workers, which takes the next
 * queued calls. That is what keeps `setMaxThreads(1)` plus twenty sync waits in
 * reverse order from deadlocking.
 */
export class Pool implements Driver {
  readonly #slots: Slot[] = [];
  /**
   * A queue per kind of call: a CPU-bound call waiting for a thread never holds back an
   * async call, which needs an event loop, not a core (see #place).
   */
  readonly #cpuQueue = new Fifo<Job>();
  readonly #ioQueue = new Fifo<Job>();
  readonly #wake = new Int32Array(new SharedArrayBuffer(4));
  readonly #modules = new Map<string, number>();
  /** The function each module index runs, to name it in reports. */
  readonly #names: string[] = [];
  /** Jobs cancelled while running, until their worker lets go of them. */
  readonly #cancelling = new Set<Job>();
  /** Calls waiting for Unfuture arguments to settle before they start. */
  readonly #awaitingInputs = new Set<Job>();
  /** When a blocked caller last looked for workers that stopped without a word. */
  #probedAt = -Infinity;
  #pings = 0;
  // From 1: a worker's cancel slot starts at 0 and must never name a live call.
  #nextId = 1;
  #inflight = 0;
  #unrefScheduled = false;
  /** The replies counter when a blocked caller last read every port. */
  #drainedAt = -1;
  /** Set while a batch of replies is handled: the queue moves once, after the last. */
  #holdPump = false;

  constructor() {
    onSettingsChange(() => {
      if (this.#stopped) return;
      this.#trim();
      this.#pump(); // a higher maxThreads can start queued calls now
      this.#ensureMinimum();
    });
    this.#ensureMinimum();
  }

  #stopped = false;

  /** Starts workers up to minThreads, ahead of calls. */
  #ensureMinimum(): void {
    while (this.#slots.length < settings.minThreads) this.#spawn();
  }

  /**
   * Stops the pool: queued and running tasks end "cancelled", workers are terminated.
   * Resolves when every worker has exited. A call after it starts a new pool.
   */
  async shutdown(): Promise<void> {
    this.#stopped = true;
    const reason = "the pool was shut down";
    for (const queue of [this.#cpuQueue, this.#ioQueue]) for (let job = queue.shift(); job !== undefined; job = queue.shift()) job.task[kCancelled](reason);
    for (const job of this.#awaitingInputs) job.task[kCancelled](reason);
    this.#awaitingInputs.clear();
    const exits: Promise<unknown>[] = [];
    for (const slot of this.#slots.splice(0)) {
      if (slot.ping !== undefined) clearTimeout(slot.ping.timer);
      if (slot.idleTimer !== undefined) clearTimeout(slot.idleTimer);
      for (const job of slot.jobs.values()) {
        if (job.stopping !== undefined) clearTimeout(job.stopping.timer);
        this.#cancelling.delete(job);
        job.slot = undefined;
        job.args = undefined;
        job.task[kCancelled](reason);
      }
      this.#inflight -= slot.jobs.size;
      slot.jobs.clear();
      slot.port.close();
      exits.push(slot.worker.terminate());
    }
    await Promise.all(exits);
  }

  submit(spec: TaskSpec, args: unknown[], caller: Function): AsyncTask<unknown> {
    const task = new AsyncTask<unknown>(spec.name);

    const inputs = args.some((a) => a instanceof Unfuture);
    // Moved buffers are gone from this thread once posted: such a call is never sent twice.
    // With Unfuture arguments, the marks are read when they have settled (#afterInputs).
    const moves = inputs ? undefined : transferList(args);
    const job = new Job(this, this.#nextId++, spec, task, args, moves);
    if (settings.callSites) job.caller = caller;
    task[kCanceller] = job;
    if (inputs) this.#afterInputs(job);
    else this.#start(job);
    job.captureSite();
    return task;
  }

  #start(job: Job): void {
    const args = job.args!;
    for (let i = 0; i < args.length; i++) {
      const why = lostClass(args[i]);
      if (why !== undefined) {
        job.args = undefined;
        job.task[kSettle](false, atCallSite(job, undefined, new DataCloneError(job.spec.name, i, why)));
        return;
      }
      if (isBuffer(args[i])) (job.buffers ??= []).push(i);
    }
    const moved = job.moves === undefined ? -1 : movedTwice(args, job.moves);
    if (moved >= 0) {
      job.args = undefined;
      job.task[kSettle](false, atCallSite(job, undefined, new DataCloneError(job.spec.name, moved, MOVED_TWICE)));
      return;
    }
    if (this.#queueOf(job).size > 0 || !this.#place(job)) this.#enqueue(job);
  }

  /**
   * An Unfuture among the arguments (a task's result feeding the next task) is awaited
   * first and its value sent: the call starts when every such argument has settled,
   * synchronously (a blocked wait() sees it happen). A failed or cancelled argument
   * fails or cancels the call, with that argument's error.
   */
  #afterInputs(job: Job): void {
    const args = job.args!;
    this.#awaitingInputs.add(job);
    const ready = (): void => {
      this.#awaitingInputs.delete(job);
      if (job.task.done()) return;
      if (this.#stopped) {
        job.task[kCancelled]("the pool was shut down");
        return;
      }
      const values = inputValues(args, job.task);
      if (values === undefined) {
        job.args = undefined;
        return;
      }
      job.args = values;
      job.moves = transferList(values);
      job.live = job.moves !== undefined || !values.every(isPrimitive);
      this.#start(job);
    };
    // Cancelled while it waits: the pool lets go of the call (and its arguments) now.
    afterInputs(args, job.task, ready, () => this.#awaitingInputs.delete(job));
  }

  /**
   * Cancels a job. Queued: it is dropped and settles now. Posted: the worker is told
   * (a message, and the job's id in the worker's ctl for a CPU-bound call that cannot
   * read messages), and the job settles "cancelled" when the worker lets go of it, or
   * when `graceMs` runs out (#expire).
   */
  /** @internal A task's cancel(), through its Job. */
  cancelJob(job: Job, reason: unknown): boolean {
    if (job.task.done()) return false;
    if (job.stopping !== undefined) return true;
    // Its reply may be here, unread: then its result exists, and it is not cancelled.
    if (job.slot !== undefined && this.#slots.includes(job.slot)) this.#drainSlot(job.slot);
    if (job.task.done()) return false;
    // The replies read may have run callbacks that cancelled this very job (a sibling's
    // failure under errorMode "cancel" cancels the scope): it is being stopped already.
    // Stopping it a second time would count it twice in its worker's `cancelling`, and
    // the worker, never seen free again, would take no call from then on.
    if (job.stopping !== undefined) return true;
    const slot = job.slot;
    if (slot === undefined) {
      job.args = undefined;
      job.task[kCancelled](reason); // #pump skips it
      return true;
    }
    if (slot.takeBack(job)) {
      // Waiting at a busy worker, not begun: it settles now, and the worker skips it.
      this.#release(slot, job);
      job.task[kCancelled](reason);
      this.#pump();
      return true;
    }
    // A CPU-bound function that has returned: its reply is on its way, and it settles with that.
    if (job.cell !== NO_CELL && isDone(slot.ctl, job.cell)) return false;
    const deadline = performance.now() + settings.graceMs;
    job.stopping = { reason, deadline, timer: setTimeout(() => this.#expire(job), settings.graceMs) };
    this.#cancelling.add(job);
    slot.cancelling++;
    const message: Cancel = [CANCEL_CALL, job.id];
    slot.port.postMessage(message);
    Atomics.store(slot.ctl, CANCEL, job.id);
    ring(slot.ctl, REQUESTS, 1);
    return true;
  }

  /**
   * A cancelled job's grace ran out. A CPU-bound job holds its worker's thread, so the
   * worker is terminated (a new one starts when needed); an async job only holds a
   * place in its worker's event loop, so it is let go and its worker kept (its other
   * tasks go on; a late reply is ignored).
   */
  #expire(job: Job): void {
    const slot = job.slot;
    if (job.stopping === undefined || job.task.done() || slot === undefined) return;
    if (!job.spec.cpu) {
      this.#release(slot, job);
      this.#settleCancelled(job);
      this.#ping(slot);
      this.#pump();
      return;
    }
    this.#retire(slot, undefined, undefined, undefined, true);
    void slot.worker.terminate();
  }

  /**
   * A cancelled async task was let go without an answer. If it is only awaiting, its
   * worker answers a ping at once and stays in use; if it is stuck in synchronous code,
   * the worker's event loop is blocked (and so are its other tasks): no answer within
   * graceMs, and the worker is terminated. No new call goes to it meanwhile.
   */
  #ping(slot: Slot): void {
    if (slot.ping !== undefined) return;
    const token = ++this.#pings;
    const timer = setTimeout(() => this.#unresponsive(slot, token), settings.graceMs);
    slot.ping = { token, deadline: performance.now() + settings.graceMs, timer };
    const message: Ping = [PING, token];
    slot.port.postMessage(message);
    ring(slot.ctl, REQUESTS, 1);
  }

  #unresponsive(slot: Slot, token: number): void {
    const ping = slot.ping;
    if (ping?.token !== token) return;
    clearTimeout(ping.timer);
    // A task nobody cancelled may be the one in a long synchronous stretch: the worker
    // is not terminated under it. It takes no new call, and is asked again after
    // graceMs; once only cancelled tasks are left on it, it is one of them.
    for (const job of slot.jobs.values()) {
      if (job.stopping === undefined) {
        slot.ping = { token, deadline: performance.now() + settings.graceMs, timer: setTimeout(() => this.#unresponsive(slot, token), settings.graceMs) };
        return;
      }
    }
    slot.ping = undefined;
    this.#retire(slot, undefined, new Error("the worker stopped answering: a cancelled task kept its event loop busy"), undefined, true);
    void slot.worker.terminate();
  }

  #settleCancelled(job: Job): void {
    const c = job.stopping;
    if (c !== undefined) {
      clearTimeout(c.timer);
      this.#cancelling.delete(job);
    }
    job.args = undefined;
    job.task[kCancelled](c?.reason);
  }

  /** Grace periods and pings that ran out while this thread was blocked (its timers cannot fire then). */
  #expireDue(now: number): void {
    if (this.#cancelling.size === 0 && !this.#slots.some((s) => s.ping !== undefined)) return;
    for (const job of [...this.#cancelling]) if (job.stopping !== undefined && job.stopping.deadline <= now) this.#expire(job);
    for (const slot of [...this.#slots]) if (slot.ping !== undefined && slot.ping.deadline <= now) this.#unresponsive(slot, slot.ping.token);
  }

  /** The nearest grace or ping deadline before `until`. */
  #nextDeadline(until: number): number {
    for (const job of this.#cancelling) if (job.stopping !== undefined && job.stopping.deadline < until) until = job.stopping.deadline;
    for (const slot of this.#slots) if (slot.ping !== undefined && slot.ping.deadline < until) until = slot.ping.deadline;
    return until;
  }

  /** Blocks until a reply arrives (or the deadline), handling every reply that is there. */
  progress(deadline: number): boolean {
    // Blocked inside a callback run from a batch of replies (a continuation that waits):
    // the queue that batch holds back moves now, or the call waited on may never start.
    if (this.#holdPump) {
      this.#holdPump = false;
      this.#pump();
    }
    const seen = Atomics.load(this.#wake, REPLIES);
    // Every reply bumps the counter: unchanged since the last drain, no port has news.
    if (seen !== this.#drainedAt) {
      this.#drainedAt = seen;
      if (this.#drain() > 0) return true;
    }
    if (this.#reapStopped()) return true;
    this.#expireDue(performance.now());
    // An unanswered ping holds back the queue (no new call goes to that worker) and its
    // answer, or its deadline, moves it: waiting for it is not a deadlock.
    if (this.#inflight === 0 && !this.#slots.some((s) => s.ping !== undefined)) return false;
    // A worker that dies without a word wakes no one: look again every PROBE_MS.
    const left = Math.min(this.#nextDeadline(deadline), performance.now() + PROBE_MS) - performance.now();
    if (left <= 0) return true;
    if (this.#spin(seen)) return true;
    Atomics.wait(this.#wake, REPLIES, seen, left);
    return true;
  }

  /**
   * Watches the replies counter for up to SPIN_MS before sleeping on it. A short call's
   * reply usually comes within that, and a thread that never slept needs no futex
   * wake-up (tens of microseconds on a VM whose idle core has gone to sleep). The
   * caller is blocked anyway; the spin is bounded, so long calls lose nothing.
   */
  #spin(seen: number): boolean {
    return spinWhile(this.#wake, REPLIES, seen, SPIN_MS);
  }

  /**
   * Retires workers that stopped without running JavaScript again (no DIED reply), for
   * a caller blocked in wait(), which cannot see their exit events. The exit event,
   * when it comes, then finds nothing left to do.
   */
  #reapStopped(): boolean {
    // Replies wake a blocked caller often; the probe is a native call per busy worker,
    // so it runs at most once per PROBE_MS, not on every reply.
    const now = performance.now();
    if (now - this.#probedAt < PROBE_MS) return false;
    this.#probedAt = now;
    let reaped = false;
    for (const slot of [...this.#slots]) {
      if (slot.jobs.size === 0 || !slot.stopped()) continue;
      this.#drainSlot(slot); // what it posted before it stopped comes first
      if (!this.#slots.includes(slot)) continue;
      const why = settings.resourceLimits === undefined ? "it was terminated" : "out of memory under resourceLimits, or terminated";
      this.#retire(slot, undefined, slot.error ?? new Error(`the thread stopped without running JavaScript again (${why})`));
      reaped = true;
    }
    return reaped;
  }

  /** Numbers for tests and `poolStats()`. */
  stats(): { threads: number; running: number; queued: number } {
    let waiting = 0; // posted to a busy worker, not begun
    for (const slot of this.#slots) for (const job of slot.jobs.values()) if (job.behind && slot.unclaimed(job)) waiting++;
    return { threads: this.#slots.length, running: this.#inflight - waiting, queued: this.#cpuQueue.size + this.#ioQueue.size + waiting };
  }

  #enqueue(job: Job): void {
    // A queued call is sent later; copy its arguments now, so that a caller who
    // changes an object after the call does not change what the worker gets.
    if (job.live && !this.#ownArgs(job)) return;
    this.#queueOf(job).push(job);
  }

  #queueOf(job: Job): Fifo<Job> {
    return job.spec.cpu ? this.#cpuQueue : this.#ioQueue;
  }

  /**
   * Replaces the caller's objects among the job's arguments with a copy made now (what
   * a post would have sent), so the call can be sent later, or again. False, with the
   * task failed, when they cannot be copied.
   */
  #ownArgs(job: Job): boolean {
    const args = job.args!;
    try {
      // Moved buffers move into the copy (the caller's are detached now, as at a post).
      job.args = job.moves === undefined ? structuredClone(args) : structuredClone(args, { transfer: job.moves });
      job.moves = undefined;
      job.live = false;
      return true;
    } catch (e) {
      job.args = undefined;
      job.task[kSettle](false, atCallSite(job, undefined, cloneFailure(job.spec.name, args, e)));
      return false;
    }
  }

  /**
   * Posts the job to a worker that can take it now; false when none can. At most
   * maxThreads threads run CPU-bound calls. An async call needs an event loop, not a
   * core: when every thread runs CPU-bound work, it gets one thread more (stopped again
   * once idle, see #release), so it never waits for a CPU-bound call to end.
   */
  #place(job: Job, batch?: Map<Slot, Call[]>): boolean {
    const cpu = job.spec.cpu;
    let idle: Slot | undefined;
    let cpuThreads = 0;
    for (const s of this.#slots) {
      if (s.cpu > 0) cpuThreads++;
      else if (idle === undefined && s.jobs.size === 0 && s.ping === undefined && s.cancelling === 0 && !s.retiring) idle = s;
    }
    let target: Slot | undefined;
    if (!cpu || cpuThreads < settings.maxThreads) target = idle ?? (this.#slots.length < settings.maxThreads ? this.#spawn() : undefined);
    if (target === undefined && !cpu) {
      for (const s of this.#slots) {
        if (s.cpu === 0 && s.ping === undefined && s.cancelling === 0 && !s.retiring && s.jobs.size < settings.asyncTasksPerWorker && (target === undefined || s.jobs.size < target.jobs.size)) {
          target = s;
        }
      }
      if (target === undefined && cpuThreads === this.#slots.length && this.#slots.length <= settings.maxThreads) target = this.#spawn();
    }
    if (target === undefined && job.spec.cost < PIPELINE_MS) {
      for (const s of this.#slots) {
        if (s.cpu === s.jobs.size && s.ping === undefined && s.cancelling === 0 && !s.retiring && s.cells.length > 0 && s.work + job.spec.cost <= PIPELINE_MS && (target === undefined || s.work < target.work)) {
          target = s;
        }
      }
    }
    if (target === undefined) return false;
    this.#post(target, job, batch);
    return true;
  }

  /**
   * Posts the job to the worker. With `batch`, a call that moves no buffers is added to
   * the worker's list there instead, to go out in one message (#sendBatch).
   */
  #post(slot: Slot, job: Job, batch?: Map<Slot, Call[]>): void {
    // Behind other calls it may wait there: its arguments are copied as they are now, so
    // that it can be sent again if that worker dies (or is terminated) before starting it.
    if (job.live && slot.jobs.size > 0 && !this.#ownArgs(job)) return;
    const spec = job.spec;
    if (spec.owner !== this) {
      spec.owner = this;
      spec.module = this.#moduleIndex(spec.url);
      this.#names[spec.module] = spec.name;
    }
    const module = spec.module;
    const args = job.args!;
    const first = !slot.knows(module);
    const cell = spec.cpu ? slot.cells.pop()! : NO_CELL;
    if (cell !== NO_CELL) offer(slot.ctl, cell, job.id);
    const call: Call = job.buffers === undefined ? [job.id, module, args, first ? spec.url : undefined, cell] : [job.id, module, args, first ? spec.url : undefined, cell, job.buffers];
    const list = batch !== undefined && job.moves === undefined ? batch.get(slot) : undefined;
    if (list !== undefined) list.push(call);
    else if (batch !== undefined && job.moves === undefined) batch.set(slot, [call]);
    else {
      try {
        if (job.moves === undefined) slot.port.postMessage(call);
        else slot.port.postMessage(call, job.moves);
      } catch (e) {
        if (cell !== NO_CELL) slot.cells.push(cell);
        job.task[kSettle](false, atCallSite(job, undefined, cloneFailure(job.spec.name, args, e)));
        return;
      }
    }
    job.cell = cell;
    job.behind = slot.jobs.size > 0;
    if (spec.cpu) {
      job.est = spec.cost === Infinity ? UNMEASURED_MS : spec.cost;
      slot.work += job.est;
    }
    if (first) slot.learn(module);
    if (slot.idleTimer !== undefined) {
      clearTimeout(slot.idleTimer);
      slot.idleTimer = undefined;
    }
    job.slot = slot;
    slot.jobs.set(job.id, job);
    if (job.spec.cpu) slot.cpu++;
    this.#inflight++;
    // A worker with calls in flight keeps the process alive; an idle one never does.
    // The Worker itself is ref'd, not only its port: a thread killed from outside JS
    // (out of memory) closes its port, and the exit event must still arrive.
    slot.ref();
    job.task[kStart](slot.threadId);
    if (batch === undefined || job.moves !== undefined) {
      ring(slot.ctl, REQUESTS, 1);
    }
  }

  /** Sends each worker's calls gathered by #pump as one message. */
  #sendBatch(batch: Map<Slot, Call[]>): void {
    for (const [slot, calls] of batch) {
      try {
        slot.port.postMessage(calls.length === 1 ? calls[0] : [CALLS, ...calls]);
      } catch {
        // Queued arguments were copied when queued, so this is all but impossible: each
        // call goes alone, and the one that cannot be sent fails by itself.
        for (const call of calls) this.#sendAlone(slot, call);
      }
      ring(slot.ctl, REQUESTS, 1);
    }
  }

  #sendAlone(slot: Slot, call: Call): void {
    try {
      slot.port.postMessage(call);
    } catch (e) {
      if (call[3] !== undefined) slot.forget(call[1]); // the next call there must bring the module's URL
      const job = slot.jobs.get(call[0]);
      if (job === undefined) return;
      const args = job.args!;
      this.#release(slot, job);
      job.task[kSettle](false, atCallSite(job, undefined, cloneFailure(job.spec.name, args, e)));
    }
  }

  #moduleIndex(url: string): number {
    let i = this.#modules.get(url);
    if (i === undefined) {
      i = this.#modules.size;
      this.#modules.set(url, i);
    }
    return i;
  }

  #pump(): void {
    if (this.#holdPump || (this.#cpuQueue.size === 0 && this.#ioQueue.size === 0)) return;
    const batch = new Map<Slot, Call[]>();
    this.#placeQueued(this.#cpuQueue, batch);
    this.#placeQueued(this.#ioQueue, batch);
    this.#sendBatch(batch);
  }

  /** Places the queue's calls in order, while a worker can take the next one. */
  #placeQueued(queue: Fifo<Job>, batch: Map<Slot, Call[]>): void {
    for (let job = queue.peek(); job !== undefined; job = queue.peek()) {
      if (job.task.done()) {
        queue.shift(); // cancelled while queued
        continue;
      }
      if (!this.#place(job, batch)) break;
      queue.shift();
    }
  }

  /**
   * A reply came as an event. The replies behind it are read at once, without an event
   * each (workers post one per call; a busy worker's run of short calls leaves many),
   * and the queue moves once, after the last of them.
   */
  #onMessage(slot: Slot, reply: Reply): void {
    const outer = this.#holdPump;
    this.#holdPump = true;
    try {
      this.#onReply(slot, reply);
      if (this.#slots.includes(slot)) this.#drainSlot(slot);
    } finally {
      this.#holdPump = outer;
    }
    this.#pump();
  }

  #onReply(slot: Slot, reply: Reply): void {
    if (reply[0] === OUTPUT) {
      print(reply[1]);
      return;
    }
    if (reply[0] === PONG) {
      if (slot.ping?.token === reply[1]) {
        clearTimeout(slot.ping.timer);
        slot.ping = undefined;
        this.#pump();
      }
      return;
    }
    if (reply[0] === OPEN) {
      this.#checked(slot, reply[1], reply[2]);
      return;
    }
    if (reply[0] === UNREADABLE) {
      this.#unreadable(slot, false, reply[1]);
      return;
    }
    if (reply[0] === STRAY) {
      this.#stray(slot, reply[1], reply[2]);
      return;
    }
    if (reply[0] === DIED) {
      this.#retire(slot, reply[1], reply[2] === undefined ? slot.error : fromWire(reply[2], undefined, ENTRY.href), { started: reply[3], loading: reply[4] });
      return;
    }
    const job = slot.jobs.get(reply[1]);
    if (job === undefined) return;
    if ((reply[0] === OK || reply[0] === THREW) && reply[3] !== undefined) {
      const spec = job.spec;
      spec.cost = spec.cost === Infinity ? reply[3] : spec.cost + (reply[3] - spec.cost) / 4;
    }
    this.#release(slot, job);
    this.#pump();
    if (job.stopping !== undefined) {
      this.#settleCancelled(job); // whatever it answered, it was asked to stop
      return;
    }
    const task = job.task;
    switch (reply[0]) {
      case OK:
        task[kSettle](true, reply[4] === true ? asBuffer(reply[2] as Uint8Array) : reply[2]);
        break;
      case THREW:
        task[kSettle](false, fromWire(reply[2], callerFrames(job, slot.threadId), ENTRY.href, classesOf(job.spec)));
        break;
      case RESULT_NOT_CLONEABLE:
        task[kSettle](false, atCallSite(job, slot.threadId, new DataCloneError(job.spec.name, reply[3] ?? "result", reply[2].replace(/\.+$/, ""))));
        break;
      case LOAD_FAILED: {
        const cause = fromWire(reply[3], undefined, ENTRY.href, classesOf(job.spec));
        task[kSettle](false, atCallSite(job, slot.threadId, new WorkerModuleError(job.spec.name, job.spec.url, reply[2], cause)));
        break;
      }
    }
  }

  #release(slot: Slot, job: Job): void {
    if (job.stopping !== undefined) slot.cancelling--;
    job.args = undefined;
    job.slot = undefined;
    slot.jobs.delete(job.id);
    if (job.cell !== NO_CELL) {
      slot.cells.push(job.cell);
      job.cell = NO_CELL;
      slot.work -= job.est;
    }
    if (job.spec.cpu) slot.cpu--;
    this.#inflight--;
    slot.last = job.spec.name;
    if (slot.jobs.size === 0) {
      slot.work = 0; // no drift from adding and subtracting estimates
      this.#unrefSoon();
      if (slot.retiring) this.#stop(slot);
      else if (this.#slots.length > settings.maxThreads) this.#trim();
      else if (settings.idleTimeoutMs !== Infinity) this.#stopWhenIdle(slot);
    }
  }

  /**
   * Idle workers stop holding the process at the next event-loop turn, not at once: a
   * loop of calls each waited on in turn would otherwise ref and unref the worker (four
   * native calls) per call. The turn cannot come while such a loop runs.
   */
  #unrefSoon(): void {
    if (this.#unrefScheduled) return;
    this.#unrefScheduled = true;
    setImmediate(() => {
      this.#unrefScheduled = false;
      for (const slot of this.#slots) slot.unrefIfIdle();
    }).unref();
  }

  /** Reads every reply already posted, without the event loop. */
  #drain(): number {
    let n = 0;
    // A snapshot: a reply can start a worker (appending) or retire one (removing).
    for (const slot of [...this.#slots]) if (slot.jobs.size > 0 || slot.ping !== undefined) n += this.#drainSlot(slot);
    return n;
  }

  #drainSlot(slot: Slot): number {
    let n = 0;
    for (;;) {
      let m;
      try {
        m = receiveMessageOnPort(slot.port);
      } catch (e) {
        this.#unreadable(slot, true, reason(e)); // Node dropped it, call id and all
        n++;
        continue;
      }
      if (m === undefined) return n;
      this.#onReply(slot, m.message as Reply);
      n++;
    }
  }

  /**
   * A message between this thread and the worker could not be decoded (`fromWorker`:
   * a reply, here; else a call, there), and with it went the id of its call. The worker
   * is asked which calls it holds; its answer comes after every reply to what was
   * posted before the question (#checked). Failures seen before that answer are covered
   * by the same question.
   */
  #unreadable(slot: Slot, fromWorker: boolean, why: string): void {
    if (!this.#slots.includes(slot)) return;
    let check = slot.check;
    if (check === undefined) {
      check = slot.check = { token: ++this.#pings, jobs: [...slot.jobs.keys()], toWorker: undefined, fromWorker: undefined };
      const message: ListOpen = [LIST_OPEN, check.token];
      slot.port.postMessage(message);
      ring(slot.ctl, REQUESTS, 1);
    }
    if (fromWorker) check.fromWorker ??= why;
    else check.toWorker ??= why;
  }

  /** The worker's answer: calls posted before the question, unanswered, and not held there were lost. */
  #checked(slot: Slot, token: number, held: readonly number[]): void {
    const check = slot.check;
    if (check === undefined || check.token !== token) return;
    slot.check = undefined;
    const open = new Set(held);
    for (const id of check.jobs) {
      const job = slot.jobs.get(id);
      if (job === undefined || open.has(id)) continue;
      // A CPU call the worker never claimed never arrived; else, whichever direction failed.
      const toWorker = job.cell !== NO_CELL ? slot.unclaimed(job) : check.toWorker !== undefined;
      const args = job.args ?? [];
      // The lost call may have been the one that brought its module's URL.
      if (toWorker) slot.forget(job.spec.module);
      this.#release(slot, job);
      if (job.stopping !== undefined) {
        this.#settleCancelled(job);
        continue;
      }
      const error = toWorker
        ? new DataCloneError(job.spec.name, unreadableArgument(args), `the worker thread could not read it: ${check.toWorker ?? "its message could not be decoded"}`)
        : new DataCloneError(job.spec.name, "result", `the calling thread could not read it: ${check.fromWorker ?? "its message could not be decoded"}`);
      job.task[kSettle](false, atCallSite(job, slot.threadId, error));
    }
    this.#pump();
  }

  #spawn(): Slot {
    const { port1, port2 } = new MessageChannel();
    const ctl = new Int32Array(new SharedArrayBuffer(4 * CTL_LENGTH));
    const workerData: WorkerData = { port: port2, ctl, wake: this.#wake };
    const options: WorkerOptions = { workerData, transferList: [port2] };
    if (settings.resourceLimits !== undefined) options.resourceLimits = settings.resourceLimits;
    const worker = new Worker(ENTRY, options);
    worker.unref();
    const slot = new Slot(worker, port1, ctl);
    port1.on("message", (m: Reply) => this.#onMessage(slot, m));
    port1.on("messageerror", (e) => this.#unreadable(slot, true, reason(e)));
    port1.unref();
    worker.on("error", (e) => {
      slot.error ??= e;
    });
    worker.on("exit", (code) => {
      // What the worker posted before it died comes first, its DIED reply included:
      // that says which calls it had started, which an exit event cannot.
      this.#drainSlot(slot);
      this.#retire(slot, code, slot.error);
    });
    this.#slots.push(slot);
    return slot;
  }

  /**
   * A worker is gone. The tasks it had started fail with WorkerCrashedError; those it
   * had not started yet (when it said which, in its DIED reply) go back to the front
   * of the queue, since they never ran. Then the queue moves on, on a new worker if
   * needed. Reached by the DIED reply or by the "exit" event, whichever comes first;
   * the second finds nothing left to do.
   */
  #retire(slot: Slot, code: number | undefined, cause: unknown, said?: { readonly started: readonly number[]; readonly loading: readonly number[] }, terminated = false): void {
    const i = this.#slots.indexOf(slot);
    if (i < 0) return;
    this.#slots.splice(i, 1);
    slot.port.close();
    if (slot.ping !== undefined) clearTimeout(slot.ping.timer);
    slot.ping = undefined;
    slot.check = undefined;
    if (slot.idleTimer !== undefined) clearTimeout(slot.idleTimer);
    const jobs = [...slot.jobs.values()];
    slot.jobs.clear();
    this.#inflight -= jobs.length;
    // Which calls began: the worker's DIED reply says; without one (killed, out of
    // memory, terminated here), the claim cells say for CPU-bound calls, and taking
    // back an unclaimed one makes sure a worker still running never begins it.
    let ran: Set<number> | undefined;
    if (said !== undefined) ran = new Set(said.started);
    else if (jobs.some((j) => j.cell !== NO_CELL)) ran = new Set(jobs.filter((j) => !slot.takeBack(j)).map((j) => j.id));
    for (const j of jobs) j.cell = NO_CELL;
    // Sent again: calls that never began, whose arguments are still as they were at
    // the call, and that have not already come back here more than twice.
    // A worker this pool terminated (a cancelled call's grace ran out) is no fault of
    // the calls waiting there: they do not count as tries.
    const again = (j: Job): boolean => ran !== undefined && !ran.has(j.id) && !j.live && (terminated || j.retries < MAX_RETRIES) && j.stopping === undefined;
    const retry = jobs.filter(again);
    for (let k = retry.length - 1; k >= 0; k--) {
      const job = retry[k]!;
      if (!terminated) job.retries++;
      job.slot = undefined;
      job.task[kStart](undefined);
      this.#queueOf(job).unshift(job);
    }
    this.#pump();
    const loading = new Set(said?.loading);
    let told = false;
    for (const job of jobs) {
      if (retry.includes(job)) continue;
      job.slot = undefined;
      if (job.stopping !== undefined) {
        this.#settleCancelled(job); // it was being stopped anyway
        continue;
      }
      job.args = undefined;
      told = true;
      let error: Error;
      if (ran !== undefined && !ran.has(job.id) && loading.has(job.id)) {
        // It died loading the function's module, every time: that module ends the thread.
        error = new WorkerModuleError(job.spec.name, job.spec.url, "exited", cause, code);
      } else {
        const note =
          ran === undefined || ran.has(job.id)
            ? undefined
            : job.live
              ? "before it started the task; not sent again, since its arguments are the caller's objects and may have changed since the call"
              : `before it started the task, for the ${ordinal(job.retries + 1)} time`;
        error = new WorkerCrashedError(job.spec.name, code, cause, note);
      }
      job.task[kSettle](false, atCallSite(job, slot.threadId, error));
    }
    // A death that reached no caller (no call was running on it) would go unseen. One
    // while a module loaded is that module's calls' to report, if it happens again.
    if (!told && !terminated && loading.size === 0 && (cause !== undefined || (code !== undefined && code !== 0))) {
      const last = slot.last === undefined ? "" : `, which ran ${slot.last}() last,`;
      warn(`worker thread ${slot.threadId}${last} ${code === undefined ? "stopped" : `exited with code ${code}`} while it ran no call${cause === undefined ? "" : `, from an error thrown outside any call (a timer or callback left behind)`}; a new worker takes the next calls`, cause, "TAMED_WORKER_DIED");
    }
  }

  /**
   * A timer or callback that a call left behind threw after the call had answered (the
   * worker caught it): reported here, naming the function, since no caller can receive
   * it. The worker takes no new call and is stopped once the calls on it are done: its
   * module's state may be half-updated, but the calls beside it are not to blame.
   */
  #stray(slot: Slot, module: number, wire: Wire): void {
    const fn = this.#names[module] ?? "a marked function";
    warn(`${fn}() threw after it had returned, from a timer or callback it left behind on worker thread ${slot.threadId}; its caller had its result already, and the calls beside it go on (that worker is replaced once they are done)`, fromWire(wire, undefined, ENTRY.href), "TAMED_THREW_AFTER_RETURN");
    slot.retiring = true;
    if (slot.jobs.size === 0) this.#stop(slot);
  }

  /** Stops a worker that has no call: it leaves the pool at once. */
  #stop(slot: Slot): void {
    const i = this.#slots.indexOf(slot);
    if (i < 0) return;
    this.#slots.splice(i, 1);
    if (slot.idleTimer !== undefined) clearTimeout(slot.idleTimer);
    if (slot.ping !== undefined) clearTimeout(slot.ping.timer);
    slot.port.close();
    void slot.worker.terminate();
  }

  /** After idleTimeoutMs without a call, a worker above minThreads is stopped (a call in between starts the clock again). */
  #stopWhenIdle(slot: Slot): void {
    if (slot.idleTimer !== undefined) clearTimeout(slot.idleTimer);
    slot.idleTimer = setTimeout(() => {
      slot.idleTimer = undefined;
      if (slot.jobs.size > 0 || this.#slots.length <= settings.minThreads) return;
      this.#stop(slot);
    }, settings.idleTimeoutMs);
    slot.idleTimer.unref();
  }

  /** Stops idle workers above `maxThreads` (after `setMaxThreads` lowered it). */
  #trim(): void {
    for (let i = this.#slots.length - 1; i >= 0 && this.#slots.length > settings.maxThreads; i--) {
      const slot = this.#slots[i]!;
      if (slot.jobs.size > 0) continue;
      this.#stop(slot);
    }
  }
}

let pool: Pool | undefined;

/** The process's pool, started on first use (and again after a shutdown). */
export function getPool(): Pool {
  if (pool === undefined) {
    pool = new Pool();
    setDriver(pool);
  }
  return pool;
}

/**
 * Stops the worker pool: queued and running tasks end "cancelled", and every worker
 * thread is terminated. Not needed for a process to exit (idle workers never keep it
 * alive); for tests and for freeing threads. The next call starts a new pool.
 *
 * @example
 * await shutdown();
 */
export async function shutdown(): Promise<void> {
  const p = pool;
  pool = undefined;
  await p?.shutdown();
}
