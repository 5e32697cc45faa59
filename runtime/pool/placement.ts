/**
 * Which worker takes a call: a pure function of the call, the workers and the limits,
 * with no threads, timers or side effects, so that it can be tested by itself
 * (test/unit/placement.test.mjs). It answers with a worker, SPAWN (start a new one for
 * it) or undefined (none can take it now: it waits in the pool's queue). It allocates
 * nothing: it runs once per call, and for every queued call each time the queue moves.
 */

/**
 * A busy worker is sent further CPU-bound calls while the work it holds is estimated
 * below this many milliseconds: short calls then wait at the worker, not for a round
 * trip through the calling thread, and a long call never has calls stuck behind it.
 */
export const PIPELINE_MS = 2;
/** The estimate for a function not measured yet: it goes only to an idle worker. */
export const UNMEASURED_MS = 1e9;

/** Start a new worker for the call. */
export const SPAWN: unique symbol = Symbol("spawn");

/** What placement reads of a call: its kind, and its function's measured cost (Infinity until measured). */
export interface CallView {
  /** `makeAsync`: needs a thread to itself. `tamed`: may share a worker's event loop. */
  readonly cpu: boolean;
  readonly cost: number;
}

/** What placement reads of a worker (Slot has all of it). */
export interface WorkerView {
  /** CPU-bound calls on it. */
  readonly cpu: number;
  /** Calls on it, of either kind. */
  readonly jobs: { readonly size: number };
  /** An unanswered ping (anything but undefined): no new call until it answers. */
  readonly ping: unknown;
  /** Its calls being cancelled: it may be stuck, and takes no new call. */
  readonly cancelling: number;
  /** It is to be stopped once idle, and takes no new call. */
  readonly retiring: boolean;
  /** Its free claim cells: a CPU-bound call waits at a busy worker only in one of them. */
  readonly cells: { readonly length: number };
  /**
   * Its free claim cells for async calls: one per async call it may hold, as many as
   * asyncTasksPerWorker when it started (a later configure() does not give it more).
   */
  readonly asyncCells: { readonly length: number };
  /** Estimated milliseconds of CPU-bound work on it. */
  readonly work: number;
  /**
   * Its thread runs: a call posted to it starts at once. A new thread takes tens to
   * hundreds of milliseconds to start, a worker that is busy now may be free in one.
   */
  readonly warm: boolean;
}

export interface Limits {
  readonly maxThreads: number;
  readonly asyncTasksPerWorker: number;
}

/** Takes new calls: nothing is being stopped or asked about on it, and it is not retiring. */
export function open(w: WorkerView): boolean {
  return w.ping === undefined && w.cancelling === 0 && !w.retiring;
}

/**
 * Where the call goes. At most maxThreads threads run CPU-bound calls. In order:
 *
 * 1. An idle worker (no call at all), a warm one before one whose thread is still
 *    starting, else a new one while there are fewer than maxThreads; for a CPU-bound
 *    call only while fewer than maxThreads threads run CPU-bound work.
 * 2. An async call: the open worker running no CPU-bound call with the fewest async
 *    calls, below asyncTasksPerWorker and with a free async claim cell (a worker
 *    started before asyncTasksPerWorker was raised has fewer). An async call needs an
 *    event loop, not a core: when every thread runs CPU-bound work, it gets one thread
 *    more (stopped again once idle), so it never waits for a CPU-bound call to end.
 * 3. A short call (measured below PIPELINE_MS): the open worker running only CPU-bound
 *    calls, with a free claim cell, whose backlog stays within PIPELINE_MS with it,
 *    the least loaded one. It waits there, behind the calls the worker holds.
 *
 * An async call is not put on a warm worker busy with other async calls to spare a new
 * thread's start: calls on one worker share its fate (a callback that throws ends
 * every call on it), and the pool spreads them while it may start threads.
 */
export function place<W extends WorkerView>(call: CallView, workers: readonly W[], limits: Limits): W | typeof SPAWN | undefined {
  const cpu = call.cpu;
  let idle: W | undefined;
  let cpuThreads = 0;
  for (const w of workers) {
    if (w.cpu > 0) cpuThreads++;
    else if ((idle === undefined || (!idle.warm && w.warm)) && w.jobs.size === 0 && open(w)) idle = w;
  }
  if (!cpu || cpuThreads < limits.maxThreads) {
    if (idle !== undefined) return idle;
    if (workers.length < limits.maxThreads) return SPAWN;
  }
  let target: W | undefined;
  if (!cpu) {
    for (const w of workers) {
      if (w.cpu === 0 && open(w) && w.jobs.size < limits.asyncTasksPerWorker && w.asyncCells.length > 0 && (target === undefined || w.jobs.size < target.jobs.size)) target = w;
    }
    if (target !== undefined) return target;
    if (cpuThreads === workers.length && workers.length <= limits.maxThreads) return SPAWN;
  }
  if (call.cost < PIPELINE_MS) {
    for (const w of workers) {
      if (w.cpu === w.jobs.size && open(w) && w.cells.length > 0 && w.work + call.cost <= PIPELINE_MS && (target === undefined || w.work < target.work)) target = w;
    }
  }
  return target;
}
