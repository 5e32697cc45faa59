/**
 * The worker pool (Pool): its state, and the entry points the rest of the runtime
 * calls: submit(), stats(), shutdown(), and progress() for a blocking wait(). The work
 * is done by the modules beside it, one job each:
 *
 *   job.ts        a call, its lifecycle (the state table), and where a call ends
 *   admit.ts      a call from submit() to its first place: checked, posted or queued
 *   placement.ts  which worker takes a call (a pure function)
 *   dispatch.ts   the queues, posting calls, moving the queue in batches
 *   keep-alive.ts what holds the process open while calls are out
 *   replies.ts    replies read and settled
 *   unreadable.ts the recovery from a message that could not be decoded
 *   cancel.ts     cancellation, graces and pings
 *   crashes.ts    dead and misbehaving workers; calls requeued or failed
 *   workers.ts    starting and stopping workers; a call leaving its worker
 *   slot.ts       a worker as the pool sees it
 *   blocking.ts   the driver of a blocking wait()
 *
 * Dispatch never depends on this thread's event loop: posting a call is a
 * `postMessage` plus an `Atomics.notify`, and replies can be read with
 * `receiveMessageOnPort`. So a thread blocked in `wait()` keeps the pool moving by
 * itself (`progress`): it reads replies, which frees workers, which takes the next
 * queued calls. That is what keeps `setMaxThreads(1)` plus twenty sync waits in
 * reverse order from deadlocking.
 */
import { givenSite, NOT_RECORDED, recordsSite, siteAnchor } from "../call-sites.js";
import { Fifo } from "../fifo.js";
import { addDriver, removeDriver, type Driver } from "../blocking-wait.js";
import { Unfuture } from "../future.js";
import { settleTogether } from "../settle-queue.js";
import { onSettingsChange, settings } from "../settings.js";
import { AsyncTask, kCanceller } from "../task.js";
import { transferList } from "../transfer.js";
import { start, startAfterInputs } from "./admit.js";
import { progress } from "./blocking.js";
import { pump } from "./dispatch.js";
import { cancelled, Job } from "./job.js";
import { closeKeepAlive, keepAlive } from "./keep-alive.js";
import type { Slot } from "./slot.js";
import { end, endAll, ensureMinimum, stop, trim } from "./workers.js";
import { clearTimeout } from "../timers.js";

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

/**
 * The pool's state is read and changed by the modules beside this one (see the list
 * above), so its fields are plain, not private: they are internal to pool/, which the
 * package does not export.
 */
export class Pool implements Driver {
  /** @internal Its workers, in the order they started. */
  readonly slots: Slot[] = [];
  /** @internal Calls waiting for a worker, CPU-bound and async apart (see dispatch.ts queueOf). */
  readonly cpuQueue = new Fifo<Job>();
  /** @internal */
  readonly ioQueue = new Fifo<Job>();
  /** @internal The pool-wide replies counter that every worker rings, and its sleepers (protocol.ts REPLIES, WAITERS). */
  readonly wake = new Int32Array(new SharedArrayBuffer(8));
  /** @internal Module URL → the index calls name it by. */
  readonly modules = new Map<string, number>();
  /** @internal The function each module index runs, to name it in reports. */
  readonly names: string[] = [];
  /** @internal Jobs cancelled while running, until their worker lets go of them. */
  readonly cancelling = new Set<Job>();
  /** @internal Calls waiting for Unfuture arguments to settle before they start. */
  readonly awaitingInputs = new Set<Job>();
  /** @internal Workers out of the pool that are ending their threads (workers.ts end): shutdown() waits for them too. */
  readonly ending = new Set<Promise<void>>();
  /** @internal When a blocked caller last looked for workers that stopped without a word. */
  probedAt = -Infinity;
  /** @internal Tokens of pings and LIST_OPEN questions. */
  pings = 0;
  /** @internal From 1: a worker's cancel slot starts at 0 and must never name a live call. */
  nextId = 1;
  /** @internal Calls posted to workers and not answered. */
  inflight = 0;
  /** @internal Ref'd while calls are out (keep-alive.ts). */
  readonly keepAlive = keepAlive();
  /** Stops idle threads above maxThreads once they have idled long enough (workers.ts trim). */
  trimTimer: ReturnType<typeof setTimeout> | undefined = undefined;
  /**
   * Threads above maxThreads that configure() could not stop at once (they were running
   * calls): each stops as it falls idle (workers.ts release), not EXTRA_IDLE_MS later.
   */
  shrink = 0;
  /** An async call has been made: from now on a thread is kept ready for async calls while the CPU lane is full (workers.ts needsSpare). */
  asyncSeen = false;
  /** @internal The replies counter when a blocked caller last read every port. */
  drainedAt = -1;
  /** @internal Set while a batch of replies is handled: the queue moves once, after the last. */
  holdPump = false;
  /** @internal Shut down: calls whose inputs settle later are cancelled. */
  stopped = false;
  /**
   * @internal The latest call, kept until the next one: it keeps the hidden classes of a
   * job and a task alive, and with them the optimized code of the call path (see
   * ../hidden-classes.ts). It holds its task, and so that task's result, until the next
   * call; its arguments are dropped when it settles.
   */
  latest: Job | undefined = undefined;

  /** Stops this pool listening to configure(): called by shutdown(). */
  private readonly unlisten: () => void;
  /** The program's event loop is empty: its workers end, their exit handlers run (workers.ts endAll). */
  private readonly atEnd = (): void => endAll(this);

  constructor() {
    this.unlisten = onSettingsChange(() => {
      trim(this, true);
      this.shrink = Math.max(0, this.slots.length - settings.maxThreads);
      pump(this); // a higher maxThreads can start queued calls now
      ensureMinimum(this);
    });
    process.on("beforeExit", this.atEnd);
    ensureMinimum(this);
  }

  /**
   * Stops the pool: queued and running tasks end "cancelled", workers running calls are
   * terminated, idle ones end their threads (workers.ts end). Resolves when every worker
   * has exited. A call after it starts a new pool.
   */
  async shutdown(): Promise<void> {
    this.stopped = true;
    this.unlisten(); // the settings module lives as long as the process: it must not keep this pool
    process.off("beforeExit", this.atEnd);
    if (this.trimTimer !== undefined) clearTimeout(this.trimTimer);
    closeKeepAlive(this.keepAlive);
    const reason = "the pool was shut down";
    const exits: Promise<unknown>[] = [];
    // Every call cancelled before any callback runs: one that waits on another finds it settled.
    settleTogether(() => {
      for (const queue of [this.cpuQueue, this.ioQueue])
        for (let job = queue.shift(); job !== undefined; job = queue.shift()) cancelled(job, reason);
      for (const job of this.awaitingInputs) cancelled(job, reason);
      this.awaitingInputs.clear();
      for (const slot of this.slots.splice(0)) {
        if (slot.ping !== undefined) clearTimeout(slot.ping.timer);
        if (slot.idleTimer !== undefined) clearTimeout(slot.idleTimer);
        for (const job of slot.jobs.values()) {
          if (job.stopping !== undefined) clearTimeout(job.stopping.timer);
          this.cancelling.delete(job);
          job.slot = undefined;
          cancelled(job, reason);
        }
        this.inflight -= slot.jobs.size; // the keep-alive is closed above
        if (slot.jobs.size === 0) {
          exits.push(end(this, slot));
          continue;
        }
        slot.jobs.clear();
        slot.port.close();
        exits.push(slot.worker.terminate());
      }
    });
    await Promise.all([...exits, ...this.ending]);
  }

  /**
   * `caller` is the stub whose frames and above make the call site; undefined records
   * none, whatever the settings: a cluster worker's calls, whose site is the remote caller's.
   */
  submit(spec: TaskSpec, args: unknown[], caller: ((...args: never[]) => unknown) | undefined): AsyncTask<unknown> {
    const task = new AsyncTask<unknown>(spec.name);

    const inputs = args.some((a) => a instanceof Unfuture);
    // Moved buffers are gone from this thread once posted: such a call is never sent twice.
    // With Unfuture arguments, the marks are read when they have settled (startAfterInputs).
    const moves = inputs ? undefined : transferList(args);
    const job = new Job(this, this.nextId++, spec, task, args, moves);
    if (!spec.cpu) this.asyncSeen = true;
    // Not even the pending count with callSites: false: this is a burst's hot path.
    const sites = settings.callSites;
    if (caller !== undefined && sites !== false) {
      const given = givenSite();
      if (given !== undefined) job.site = given;
      else if (recordsSite(sites, this.pending())) job.caller = siteAnchor(caller);
      else job.site = NOT_RECORDED;
    }
    task[kCanceller] = job;
    this.latest = job;
    if (inputs) startAfterInputs(this, job);
    else start(this, job);
    job.captureSite(); // unless post() did, for a sleeping worker
    return task;
  }

  /** Every worker stops: idle ones now, busy ones once their calls are done; new calls start new threads. */
  retireAll(): void {
    for (const slot of [...this.slots]) {
      slot.retiring = true;
      if (slot.jobs.size === 0) stop(this, slot);
    }
    ensureMinimum(this);
  }

  /** Calls submitted and not settled: posted, queued, or waiting for their inputs. */
  pending(): number {
    return this.inflight + this.cpuQueue.size + this.ioQueue.size + this.awaitingInputs.size;
  }

  /** Blocks until a reply arrives (or the deadline), handling every reply that is there (blocking.ts). */
  progress(deadline: number): boolean {
    return progress(this, deadline);
  }

  /** Numbers for tests and `poolStats()`. */
  stats(): { threads: number; running: number; queued: number } {
    // CPU-bound calls posted to a busy worker, not begun. Async calls posted share the
    // worker's event loop, and count as running from their post, as before they had cells.
    let waiting = 0;
    for (const slot of this.slots)
      for (const job of slot.jobs.values()) if (job.behind && job.spec.cpu && slot.unclaimed(job)) waiting++;
    return {
      threads: this.slots.length,
      running: this.inflight - waiting,
      queued: this.cpuQueue.size + this.ioQueue.size + waiting,
    };
  }
}

let pool: Pool | undefined;

/**
 * docs/contract.md section 4: a dev server's plugin that rebuilt worker modules calls the
 * functions in this set, so that calls from then on run on threads that load the new
 * files (a thread cannot unload an ES module it has imported). A set, since the ES module
 * and CommonJS builds of the runtime may both be loaded.
 */
const MODULES_CHANGED = Symbol.for("tamed.workerModulesChanged");
(globalThis as Record<symbol, unknown>)[MODULES_CHANGED] ??= new Set<() => void>();
((globalThis as Record<symbol, unknown>)[MODULES_CHANGED] as Set<() => void>).add(() => pool?.retireAll());

/** The process's pool, started on first use (and again after a shutdown). */
export function getPool(): Pool {
  if (pool === undefined) {
    pool = new Pool();
    addDriver(pool);
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
  if (p === undefined) return;
  removeDriver(p); // a blocking wait() from now on is moved by the next pool, not by this one
  await p.shutdown();
}
