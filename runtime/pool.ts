import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort, type TransferListItem, type WorkerOptions } from "node:worker_threads";
import { lostClass } from "./class-instance.js";
import { afterInputs, inputValues } from "./inputs.js";
import { stoppedProbe } from "./thread-probe.js";
import { DataCloneError, WorkerCrashedError, WorkerModuleError } from "./errors.js";
import { Fifo } from "./fifo.js";
import { kCancelled, kOnSettle, kSettle, setDriver, Unfuture, type Driver } from "./future.js";
import {
  CALLS,
  CANCEL,
  CANCEL_CALL,
  CELL_COUNT,
  CELLS,
  CTL_LENGTH,
  DIED,
  LIVE,
  LOAD_FAILED,
  NO_CELL,
  OK,
  PING,
  PONG,
  REPLIES,
  REQUESTS,
  RESULT_NOT_CLONEABLE,
  THREW,
  type Call,
  type Cancel,
  type Ping,
  type Reply,
  type WorkerData,
} from "./protocol.js";
import { onSettingsChange, settings } from "./settings.js";
import { AsyncTask, kCanceller, kStart } from "./task.js";
import { transferList } from "./transfer.js";
import { fromWire } from "./wire-error.js";

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
    return job.cell !== NO_CELL && Atomics.load(this.ctl, CELLS + job.cell) === job.id;
  }

  /** Takes a job back before the worker begins it; false if it has begun. */
  takeBack(job: Job): boolean {
    return job.cell !== NO_CELL && Atomics.compareExchange(this.ctl, CELLS + job.cell, job.id, 0) === job.id;
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
  readonly #queue = new Fifo<Job>();
  readonly #wake = new Int32Array(new SharedArrayBuffer(4));
  readonly #modules = new Map<string, number>();
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
    for (let job = this.#queue.shift(); job !== undefined; job = this.#queue.shift()) job.task[kCancelled](reason);
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
    }
    if (this.#queue.size > 0 || !this.#place(job)) this.#enqueue(job);
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
    const deadline = performance.now() + settings.graceMs;
    job.stopping = { reason, deadline, timer: setTimeout(() => this.#expire(job), settings.graceMs) };
    this.#cancelling.add(job);
    slot.cancelling++;
    const message: Cancel = [CANCEL_CALL, job.id];
    slot.port.postMessage(message);
    Atomics.store(slot.ctl, CANCEL, job.id);
    Atomics.add(slot.ctl, REQUESTS, 1);
    Atomics.notify(slot.ctl, REQUESTS, 1);
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
    this.#retire(slot, undefined, undefined, undefined);
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
    Atomics.add(slot.ctl, REQUESTS, 1);
    Atomics.notify(slot.ctl, REQUESTS, 1);
  }

  #unresponsive(slot: Slot, token: number): void {
    if (slot.ping?.token !== token) return;
    slot.ping = undefined;
    this.#retire(slot, undefined, new Error("the worker stopped answering: a cancelled task kept its event loop busy"), undefined);
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
    const until = performance.now() + SPIN_MS;
    do {
      for (let i = 0; i < 64; i++) if (Atomics.load(this.#wake, REPLIES) !== seen) return true;
    } while (performance.now() < until);
    return false;
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
    return { threads: this.#slots.length, running: this.#inflight - waiting, queued: this.#queue.size + waiting };
  }

  #enqueue(job: Job): void {
    // A queued call is sent later; copy its arguments now, so that a caller who
    // changes an object after the call does not change what the worker gets.
    const args = job.args!;
    if (job.live) {
      try {
        // Moved buffers move into the copy (the caller's are detached now, as at a post).
        job.args = job.moves === undefined ? structuredClone(args) : structuredClone(args, { transfer: job.moves });
        job.moves = undefined;
        job.live = false;
      } catch (e) {
        job.task[kSettle](false, atCallSite(job, undefined, cloneFailure(job.spec.name, args, e)));
        return;
      }
    }
    this.#queue.push(job);
  }

  /** Posts the job to a worker that can take it now; false when none can. */
  #place(job: Job, batch?: Map<Slot, Call[]>): boolean {
    let target: Slot | undefined;
    for (const s of this.#slots) {
      if (s.jobs.size === 0 && s.ping === undefined && s.cancelling === 0) {
        target = s;
        break;
      }
    }
    if (target === undefined && this.#slots.length < settings.maxThreads) target = this.#spawn();
    if (target === undefined && !job.spec.cpu) {
      for (const s of this.#slots) {
        if (s.cpu === 0 && s.ping === undefined && s.cancelling === 0 && s.jobs.size < settings.asyncTasksPerWorker && (target === undefined || s.jobs.size < target.jobs.size)) {
          target = s;
        }
      }
    }
    if (target === undefined && job.spec.cost < PIPELINE_MS) {
      for (const s of this.#slots) {
        if (s.cpu === s.jobs.size && s.ping === undefined && s.cancelling === 0 && s.cells.length > 0 && s.work + job.spec.cost <= PIPELINE_MS && (target === undefined || s.work < target.work)) {
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
    const spec = job.spec;
    if (spec.owner !== this) {
      spec.owner = this;
      spec.module = this.#moduleIndex(spec.url);
    }
    const module = spec.module;
    const args = job.args!;
    const first = !slot.knows(module);
    const cell = spec.cpu ? slot.cells.pop()! : NO_CELL;
    if (cell !== NO_CELL) Atomics.store(slot.ctl, CELLS + cell, job.id);
    const call: Call = [job.id, module, args, first ? spec.url : undefined, cell];
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
      Atomics.add(slot.ctl, REQUESTS, 1);
      Atomics.notify(slot.ctl, REQUESTS, 1);
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
      Atomics.add(slot.ctl, REQUESTS, 1);
      Atomics.notify(slot.ctl, REQUESTS, 1);
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
    if (this.#holdPump || this.#queue.size === 0) return;
    const batch = new Map<Slot, Call[]>();
    for (let job = this.#queue.peek(); job !== undefined; job = this.#queue.peek()) {
      if (job.task.done()) {
        this.#queue.shift(); // cancelled while queued
        continue;
      }
      if (!this.#place(job, batch)) break;
      this.#queue.shift();
    }
    this.#sendBatch(batch);
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
    if (reply[0] === PONG) {
      if (slot.ping?.token === reply[1]) {
        clearTimeout(slot.ping.timer);
        slot.ping = undefined;
        this.#pump();
      }
      return;
    }
    if (reply[0] === DIED) {
      this.#retire(slot, reply[1], reply[2] === undefined ? slot.error : fromWire(reply[2], undefined, ENTRY.href), reply[3]);
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
        task[kSettle](true, reply[2]);
        break;
      case THREW:
        task[kSettle](false, fromWire(reply[2], callerFrames(job, slot.threadId), ENTRY.href, classesOf(job.spec)));
        break;
      case RESULT_NOT_CLONEABLE:
        task[kSettle](false, atCallSite(job, slot.threadId, new DataCloneError(job.spec.name, "result", reply[2].replace(/\.+$/, ""))));
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
    if (slot.jobs.size === 0) {
      slot.work = 0; // no drift from adding and subtracting estimates
      this.#unrefSoon();
      if (this.#slots.length > settings.maxThreads) this.#trim();
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
    for (let m = receiveMessageOnPort(slot.port); m !== undefined; m = receiveMessageOnPort(slot.port)) {
      this.#onReply(slot, m.message as Reply);
      n++;
    }
    return n;
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
  #retire(slot: Slot, code: number | undefined, cause: unknown, started?: readonly number[]): void {
    const i = this.#slots.indexOf(slot);
    if (i < 0) return;
    this.#slots.splice(i, 1);
    slot.port.close();
    if (slot.ping !== undefined) clearTimeout(slot.ping.timer);
    slot.ping = undefined;
    if (slot.idleTimer !== undefined) clearTimeout(slot.idleTimer);
    const jobs = [...slot.jobs.values()];
    slot.jobs.clear();
    this.#inflight -= jobs.length;
    // Which calls began: the worker's DIED reply says; without one (killed, out of
    // memory, terminated here), the claim cells say for CPU-bound calls, and taking
    // back an unclaimed one makes sure a worker still running never begins it.
    let ran: Set<number> | undefined;
    if (started !== undefined) ran = new Set(started);
    else if (jobs.some((j) => j.cell !== NO_CELL)) ran = new Set(jobs.filter((j) => !slot.takeBack(j)).map((j) => j.id));
    for (const j of jobs) j.cell = NO_CELL;
    // Sent again: calls that never began, whose arguments are still as they were at
    // the call, and that have not already come back here more than twice.
    const again = (j: Job): boolean => ran !== undefined && !ran.has(j.id) && !j.live && j.retries < MAX_RETRIES && j.stopping === undefined;
    const retry = jobs.filter(again);
    for (let k = retry.length - 1; k >= 0; k--) {
      const job = retry[k]!;
      job.retries++;
      job.slot = undefined;
      job.task[kStart](undefined);
      this.#queue.unshift(job);
    }
    this.#pump();
    for (const job of jobs) {
      if (retry.includes(job)) continue;
      job.slot = undefined;
      if (job.stopping !== undefined) {
        this.#settleCancelled(job); // it was being stopped anyway
        continue;
      }
      job.args = undefined;
      const note =
        ran === undefined || ran.has(job.id)
          ? undefined
          : job.live
            ? "before it started the task; not sent again, since its arguments are the caller's objects and may have changed since the call"
            : `before it started the task, for the ${job.retries + 1}th time`;
      const error = new WorkerCrashedError(job.spec.name, code, cause, note);
      job.task[kSettle](false, atCallSite(job, slot.threadId, error));
    }
  }

  /** After idleTimeoutMs without a call, a worker above minThreads is stopped (a call in between starts the clock again). */
  #stopWhenIdle(slot: Slot): void {
    if (slot.idleTimer !== undefined) clearTimeout(slot.idleTimer);
    slot.idleTimer = setTimeout(() => {
      slot.idleTimer = undefined;
      if (slot.jobs.size > 0 || this.#slots.length <= settings.minThreads || !this.#slots.includes(slot)) return;
      this.#slots.splice(this.#slots.indexOf(slot), 1);
      slot.port.close();
      void slot.worker.terminate();
    }, settings.idleTimeoutMs);
    slot.idleTimer.unref();
  }

  /** Stops idle workers above `maxThreads` (after `setMaxThreads` lowered it). */
  #trim(): void {
    for (let i = this.#slots.length - 1; i >= 0 && this.#slots.length > settings.maxThreads; i--) {
      const slot = this.#slots[i]!;
      if (slot.jobs.size > 0) continue;
      this.#slots.splice(i, 1);
      slot.port.close();
      void slot.worker.terminate();
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
