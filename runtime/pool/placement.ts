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
 * Counts against maxThreads in the CPU lane: it runs CPU-bound calls, or it is being
 * asked whether a cancelled task let go on it is stuck in synchronous code (then it
 * holds a core). A host whose async tasks are being cancelled does not: async tasks
 * need no core, and no CPU-bound call waits for their grace.
 */
function inCpuLane(w: WorkerView): boolean {
  return w.cpu > 0 || w.ping !== undefined;
}

/**
 * Counts against maxThreads in the async lane: it hosts async calls and will take more,
 * now or once the ones being cancelled on it have let go (so the lane stays bounded
 * however often tasks are cancelled). A retiring worker never takes a call again: it
 * is leaving, and a new host may start in its place.
 */
function inAsyncLane(w: WorkerView): boolean {
  return w.cpu === 0 && w.jobs.size > 0 && !w.retiring;
}

/**
 * Where the call goes. Two lanes share the workers: CPU-bound calls need a core, not an
 * event loop; async calls need an event loop, not a core. At most maxThreads threads run
 * CPU-bound calls, and at most maxThreads host async calls; a worker is in one lane
 * while it has calls of that kind, and idle workers (warm ones first) serve both.
 *
 * While fewer than maxThreads threads host async calls, an async call goes to an idle
 * worker, else to a new one; once maxThreads do, to the open host with the fewest of them
 * (below asyncTasksPerWorker and with a free async claim cell: a worker started before
 * asyncTasksPerWorker was raised has fewer). Calls sharing an event loop share its fate
 * (a process.exit() or a throw in a timer ends every call on it), so they spread over
 * the lane's threads before they share one. The lane's threads never count against
 * the CPU-bound lane: an async call never waits for a CPU-bound call to end, and 500
 * sleeping async calls never keep a CPU-bound call from a core.
 *
 * A CPU-bound call goes to an idle worker, or a new one, while fewer than maxThreads
 * threads are in the CPU lane (inCpuLane), however many host async calls. Else a short call (measured below
 * PIPELINE_MS) waits at the open busy worker running only CPU-bound calls, with a free claim
 * cell, whose backlog stays within PIPELINE_MS with it, the least loaded one.
 */
export function place<W extends WorkerView>(
  call: CallView,
  workers: readonly W[],
  limits: Limits,
): W | typeof SPAWN | undefined {
  let idle: W | undefined;
  let host: W | undefined;
  let cores = 0;
  let hosts = 0;
  for (const w of workers) {
    const ready = open(w);
    const calls = w.jobs.size;
    if (inCpuLane(w)) cores++;
    if (inAsyncLane(w)) hosts++;
    if (!ready) continue;
    if (calls === 0) {
      if (idle === undefined || (!idle.warm && w.warm)) idle = w;
    } else if (
      w.cpu === 0 &&
      calls < limits.asyncTasksPerWorker &&
      w.asyncCells.length > 0 &&
      (host === undefined || calls < host.jobs.size)
    ) {
      host = w;
    }
  }
  if (!call.cpu) return hosts < limits.maxThreads ? (idle ?? SPAWN) : host;
  if (cores < limits.maxThreads) return idle ?? SPAWN;
  let target: W | undefined;
  if (call.cost < PIPELINE_MS) {
    for (const w of workers) {
      // A busy CPU worker only: an idle one here is beyond maxThreads (the spare kept for
      // async calls), and a CPU-bound call there would make one more CPU thread, and the
      // spare's replacement yet another, a thread per call.
      if (
        w.cpu > 0 &&
        w.cpu === w.jobs.size &&
        open(w) &&
        w.cells.length > 0 &&
        w.work + call.cost <= PIPELINE_MS &&
        (target === undefined || w.work < target.work)
      )
        target = w;
    }
  }
  return target;
}

/**
 * Whether to start a thread ahead of any call, for async calls to come: a new thread
 * takes tens to hundreds of milliseconds to start, and an async call (a request, a timer)
 * needs only an event loop, so one should be ready while the CPU lane is full. True when,
 * leaving `except` out, no worker could take an async call at once (none idle, no host
 * with room) while maxThreads threads are in the CPU lane and the async lane has room.
 */
export function wantsSpare<W extends WorkerView>(workers: readonly W[], limits: Limits, except?: W): boolean {
  let cores = 0;
  let hosts = 0;
  for (const w of workers) {
    if (w === except) continue;
    if (inCpuLane(w)) {
      cores++;
      continue;
    }
    if (!open(w)) {
      if (inAsyncLane(w)) hosts++;
      continue;
    }
    const calls = w.jobs.size;
    if (calls === 0 || (calls < limits.asyncTasksPerWorker && w.asyncCells.length > 0)) return false;
    hosts++;
  }
  return cores >= limits.maxThreads && hosts < limits.maxThreads;
}
