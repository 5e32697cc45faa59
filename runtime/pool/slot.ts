/**
 * A worker thread as the pool sees it (Slot): its port and shared `ctl`, the calls
 * posted to it, its free claim cells (for each kind of call), its estimated backlog,
 * and the flags that keep new calls away from it (an unanswered ping, calls being
 * cancelled, retiring). Also whether its thread has stopped, known synchronously, and
 * its ref/unref state.
 * Starting and stopping workers is workers.ts; choosing one for a call, placement.ts.
 */
import type { PlainRing } from "../plain-ring.js";
import type { TransferItem } from "../transfer.js";
import type { MessagePort, Worker } from "node:worker_threads";
import { offered, ring, takeBack } from "../doorbell.js";
import { CELL_COUNT, CELLS, LIVE, NO_CELL, REQUESTS, SLEEPING, type Reply } from "../protocol.js";
import { stoppedProbe } from "../thread-probe.js";
import type { Job } from "./job.js";

export class Slot {
  readonly jobs = new Map<number, Job>();
  readonly threadId: number;
  /** CPU-bound calls posted to it and not answered. */
  cpu = 0;
  error: unknown = undefined;
  /** An unanswered ping: after a cancelled async task was let go, is the worker's event loop still free? */
  ping:
    | {
        readonly token: number;
        /** When it was first asked (cancel.ts unresponsive asks again while a call nobody cancelled is on it). */
        readonly since: number;
        readonly deadline: number;
        readonly timer: ReturnType<typeof setTimeout>;
      }
    | undefined = undefined;
  /**
   * Set while the pool asks the worker which calls it holds, after a message between
   * them could not be decoded: the calls posted before the question, and why each
   * direction failed (see protocol.ts OPEN).
   */
  check:
    | {
        readonly token: number;
        readonly jobs: readonly number[];
        toWorker: string | undefined;
        fromWorker: string | undefined;
      }
    | undefined = undefined;
  /**
   * Calls sent to it again by themselves after a message of several that it could not
   * decode (replies.ts checked): lost a second time, they fail.
   */
  resent: Set<number> | undefined = undefined;
  /** The function of the last call it answered, to name it in a report of its death. */
  last: string | undefined = undefined;
  /** A callback a call left behind threw on it: it takes no new call, and is stopped when idle. */
  retiring = false;
  /** Out of the pool and asked to end its thread (workers.ts end): its exit is no crash. */
  ending = false;
  /** When it last fell idle while the pool had more than maxThreads threads (workers.ts trim). */
  idleSince = 0;
  /** Stops the worker after idleTimeoutMs; cleared when a call comes. */
  idleTimer: ReturnType<typeof setTimeout> | undefined = undefined;
  /** Its calls being cancelled: until they let go (or are let go), it may be stuck, and takes no new call. */
  cancelling = 0;
  /** Estimated milliseconds of CPU-bound work posted to it and not answered. */
  work = 0;
  /** Claim cells for CPU-bound calls not in use. */
  readonly cells = new Cells(0, CELL_COUNT);
  /**
   * Claim cells for async calls not in use: as many as asyncTasksPerWorker when the
   * worker started (its `ctl` has room for no more), so a worker started before a
   * configure() raised it holds no more async calls than it did.
   */
  readonly asyncCells: Cells;
  readonly #known = new Set<number>();

  readonly #stopped: (() => boolean) | undefined;

  /** Messages read from its port so far, and posted to it: the plain rings' entries are ordered by them (plain-ring.ts). */
  portRead = 0;
  posted = 0;
  /** A port event's message, until it is read in its turn (replies.ts onMessage). */
  held: Reply | undefined = undefined;

  constructor(
    readonly worker: Worker,
    readonly port: MessagePort,
    readonly ctl: Int32Array,
    /** Calls and replies of plain values (plain-ring.ts). */
    readonly calls: PlainRing,
    readonly replies: PlainRing,
  ) {
    this.threadId = worker.threadId;
    this.#stopped = stoppedProbe(worker);
    this.asyncCells = new Cells(CELL_COUNT, ctl.length - CELLS - CELL_COUNT);
  }

  /** The free cells for a call of this kind. */
  cellsFor(cpu: boolean): Cells {
    return cpu ? this.cells : this.asyncCells;
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

  #warm = false;

  /**
   * Its thread runs the worker entry (ctl[LIVE]): a call posted now starts at once,
   * where one posted to a thread still starting waits for it (see dispatch.ts reclaim).
   */
  get warm(): boolean {
    if (!this.#warm && Atomics.load(this.ctl, LIVE) === 1) this.#warm = true;
    return this.#warm;
  }

  /**
   * Rung while asleep, and no reply from it since (nor its last call taken back unbegun,
   * workers.ts unpost): its thread is being woken. A caller
   * blocked in wait() then sleeps at once instead of spinning first (blocking.ts). On a
   * machine whose idle cores sleep, the woken thread ran only once the ringing thread
   * left its core: 5 ms apart, `inc(x).wait()` took 232-272 µs (p50) with the spin and
   * 138-158 µs without.
   */
  waking = false;

  /** Posts a message on its port, counted (plain-ring.ts). Throws what postMessage throws. */
  post(message: unknown, moves?: TransferItem[]): void {
    if (moves === undefined) this.port.postMessage(message);
    else this.port.postMessage(message, moves);
    this.posted++;
  }

  /** Tells the worker a message is on its port (see doorbell.ts ring). */
  ring(): void {
    if (ring(this.ctl, REQUESTS, SLEEPING, 1)) this.waking = true;
  }

  /** Whether the worker was sent the module's URL already (calls then name it by index only). */
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

/**
 * A worker's free claim cells of one kind, numbered first..first+count-1. Cells never
 * used are counted, not listed: a worker may have thousands for async calls, and most
 * workers use a few.
 */
export class Cells {
  readonly #free: number[] = [];
  #next: number;
  readonly #end: number;

  constructor(first: number, count: number) {
    this.#next = first;
    this.#end = first + count;
  }

  /** Free cells. */
  get length(): number {
    return this.#free.length + this.#end - this.#next;
  }

  /** A free cell (there must be one: see length). */
  pop(): number {
    return this.#free.pop() ?? this.#next++;
  }

  push(cell: number): void {
    this.#free.push(cell);
  }
}
