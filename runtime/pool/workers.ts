/**
 * Starting and stopping worker threads, and a call leaving its worker (release): the
 * bookkeeping of a worker's calls, cells and backlog, and what an idle worker does next
 * (stop if retiring or above a lowered maxThreads, trimmed later if above maxThreads, else its idle
 * clock starts; stop holding the process open). A worker that dies is crashes.ts.
 */
import { MessageChannel, SHARE_ENV, Worker, type WorkerOptions } from "node:worker_threads";
import { ASYNC_CELL_MAX, ctlLength, END, NO_CELL, type End, type Reply, type WorkerData } from "../protocol.js";
import { CALL_WIDTH, newRing, PlainRing, REPLY_WIDTH } from "../plain-ring.js";
import { settings } from "../settings.js";
import { reason, type Job } from "./job.js";
import { wantsSpare } from "./placement.js";
import { callsBack } from "./keep-alive.js";
import type { Pool } from "./pool.js";
import { retire } from "./crashes.js";
import { drainSlot, onMessage } from "./replies.js";
import { unreadable } from "./unreadable.js";
import { Slot } from "./slot.js";
import { setTimeout, clearTimeout, clock } from "../timers.js";
import { warn } from "../warn.js";

/**
 * The worker threads' entry: worker/entry.ts bundled into one file by the build
 * (scripts/bundle-runtime.mjs). Relative to the runtime's bundle, dist/runtime/tamed.js
 * (or tamed.cjs), which is what runs: not to this module's place in the source tree.
 */
export const ENTRY = new URL("./worker.js", import.meta.url);

export function spawn(pool: Pool): Slot {
  const { port1, port2 } = new MessageChannel();
  // A claim cell for each async call it may hold (Slot.asyncCells), after the CPU-bound ones.
  const ctl = new Int32Array(
    new SharedArrayBuffer(4 * ctlLength(Math.min(settings.asyncTasksPerWorker, ASYNC_CELL_MAX))),
  );
  const callRing = newRing(CALL_WIDTH, false);
  const replyRing = newRing(REPLY_WIDTH, true);
  const workerData: WorkerData = { port: port2, ctl, wake: pool.wake, callRing, replyRing };
  // process.env shared, not Node's default copy made as the thread starts: a marked function
  // reads the variables the caller has at the call, as it would inline, and sets the caller's.
  // The program's arguments after its script (Node gives a worker none): what a CLI's
  // parseArgs, minimist or yargs reads, as the module loads or in the function.
  const options: WorkerOptions = { workerData, transferList: [port2], env: SHARE_ENV, argv: process.argv.slice(2) };
  if (settings.resourceLimits !== undefined) options.resourceLimits = settings.resourceLimits;
  const worker = new Worker(ENTRY, options);
  worker.unref();
  const slot = new Slot(worker, port1, ctl, new PlainRing(callRing, CALL_WIDTH), new PlainRing(replyRing, REPLY_WIDTH));
  port1.on("message", (m: Reply) => onMessage(pool, slot, m));
  port1.on("messageerror", (e) => {
    slot.portRead++;
    unreadable(pool, slot, true, reason(e));
  });
  port1.unref();
  worker.on("error", (e) => {
    slot.error ??= e;
  });
  worker.on("exit", (code) => {
    // What the worker posted before it died comes first, its DIED reply included:
    // that says which calls it had started, which an exit event cannot.
    drainSlot(pool, slot);
    if (slot.ending) ended(slot);
    else retire(pool, slot, code, slot.error);
    slot.port.close(); // a worker this pool ended (stop) kept it open for what its exit handlers print
  });
  pool.slots.push(slot);
  return slot;
}

/** Starts workers up to minThreads, ahead of calls. */
export function ensureMinimum(pool: Pool): void {
  while (pool.slots.length < settings.minThreads) spawn(pool);
}

/** The call leaves its worker (answered, taken back, let go, or lost): the worker's books, and what it does once idle. */
export function release(pool: Pool, slot: Slot, job: Job): void {
  job.args = undefined;
  slot.last = job.spec.name;
  unpost(pool, slot, job);
}

/**
 * The call leaves its worker, keeping its arguments: release() without them, or a call
 * taken back before it began, to be posted elsewhere (dispatch.ts reclaim).
 */
export function unpost(pool: Pool, slot: Slot, job: Job): void {
  if (job.stopping !== undefined) slot.cancelling--;
  job.slot = undefined;
  slot.jobs.delete(job.id);
  if (job.cell !== NO_CELL) {
    slot.cellsFor(job.spec.cpu).push(job.cell);
    job.cell = NO_CELL;
  }
  if (job.spec.cpu) {
    slot.cpu--;
    slot.work -= job.est / 1000;
  }
  callsBack(pool);
  if (slot.jobs.size === 0) {
    slot.work = 0; // no drift from adding and subtracting estimates
    slot.waking = false; // rung for a call taken back: no reply of its is awaited
    if (slot.retiring) {
      stop(pool, slot);
      return;
    }
    if (pool.slots.length > settings.maxThreads) {
      if (pool.shrink > 0 && !needsSpare(pool, slot)) {
        // configure() lowered maxThreads while this thread ran calls: it goes now that it is idle.
        pool.shrink--;
        stop(pool, slot);
        return;
      }
      slot.idleSince = clock();
      trimLater(pool);
    } else pool.shrink = 0;
    if (settings.idleTimeoutMs !== Infinity && pool.slots.includes(slot)) stopWhenIdle(pool, slot);
  }
}

/**
 * Stops a worker that has no call: it leaves the pool at once, and its thread ends
 * through process.exit() (end).
 */
export function stop(pool: Pool, slot: Slot): void {
  const i = pool.slots.indexOf(slot);
  if (i < 0) return;
  pool.slots.splice(i, 1);
  if (slot.idleTimer !== undefined) clearTimeout(slot.idleTimer);
  if (slot.ping !== undefined) clearTimeout(slot.ping.timer);
  void end(pool, slot);
}

/**
 * How long a worker asked to end (END) has to do so before it is terminated: its
 * modules' exit handlers run first, and one that never returns must not keep the
 * program from ending. A logger's flush takes milliseconds.
 */
export const END_GRACE_MS = 5000;

const END_MESSAGE: End = [END];

/**
 * Asks an idle worker to end its thread itself, so that its modules' process.on("exit")
 * handlers run (a logger flushes there: pino's transports lost every line when workers
 * were terminated). Its port stays open until it has ended: what those handlers print
 * arrives on it. The program waits for it (a worker ref'd until it exits): a program
 * that ends now, or after `await shutdown()`, would end it without its handlers.
 * Terminated after END_GRACE_MS, or at once if the message cannot go.
 */
export function end(pool: Pool, slot: Slot): Promise<void> {
  slot.ending = true;
  const exited = new Promise<void>((resolve) => slot.worker.once("exit", () => resolve()));
  slot.worker.ref();
  const timer = setTimeout(() => void slot.worker.terminate(), END_GRACE_MS);
  timer.unref();
  pool.ending.add(exited);
  void exited.then(() => {
    clearTimeout(timer);
    pool.ending.delete(exited);
  });
  try {
    slot.post(END_MESSAGE);
    slot.ring();
  } catch {
    void slot.worker.terminate();
  }
  return exited;
}

/**
 * A worker this pool asked to end has: an error thrown as it ended (by a process.on("exit")
 * handler of its modules) is reported, and ends the program with status 1, as such a handler
 * does on the main thread.
 */
function ended(slot: Slot): void {
  if (slot.error === undefined) return;
  const last = slot.last === undefined ? "" : ` (which ran ${slot.last}() last)`;
  warn(
    `a process.on("exit") handler of worker thread ${slot.threadId}${last} threw as the thread ended`,
    slot.error,
    "TAMED_WORKER_DIED",
  );
  if (process.exitCode === undefined || process.exitCode === 0) process.exitCode = 1;
}

/**
 * The program is about to end (its event loop is empty: "beforeExit", which an explicit
 * process.exit() skips): every worker ends its thread, and the program waits for them,
 * so that their exit handlers run as the main thread's do. Node would end them with the
 * process, running none. Those that still hold calls (none should, since calls out hold
 * the program open) stop once idle.
 */
export function endAll(pool: Pool): void {
  for (const slot of [...pool.slots]) {
    if (slot.jobs.size > 0) {
      slot.retiring = true;
      continue;
    }
    stop(pool, slot);
  }
}

/** After idleTimeoutMs without a call, a worker above minThreads is stopped (a call in between starts the clock again). */
function stopWhenIdle(pool: Pool, slot: Slot): void {
  if (slot.idleTimer !== undefined) clearTimeout(slot.idleTimer);
  slot.idleTimer = setTimeout(() => {
    slot.idleTimer = undefined;
    if (slot.jobs.size > 0 || pool.slots.length <= settings.minThreads) return;
    stop(pool, slot);
  }, settings.idleTimeoutMs);
  slot.idleTimer.unref();
}

/**
 * How long a thread above maxThreads (one the async lane started beside a full CPU
 * lane) stays once idle. Starting a thread costs the call that waits for it tens to
 * hundreds of milliseconds; an idle thread costs memory only (it sleeps in
 * Atomics.wait). Bursts of calls that come back within this find it warm: stopping it at
 * once made each burst of CPU-bound calls beside an async call start threads anew.
 */
export const EXTRA_IDLE_MS = 2000;

/**
 * Stops idle workers above `maxThreads` (a thread that hosted async calls beside a full
 * CPU lane, or after `setMaxThreads` lowered it) once idle for EXTRA_IDLE_MS, or at
 * once with `now` (a configure() call), except the one kept ready for async calls
 * (needsSpare).
 */
export function trim(pool: Pool, now = false): void {
  const t = clock();
  let soonest = Infinity;
  for (let i = pool.slots.length - 1; i >= 0 && pool.slots.length > settings.maxThreads; i--) {
    const slot = pool.slots[i]!;
    if (slot.jobs.size > 0 || needsSpare(pool, slot)) continue;
    const left = slot.idleSince + EXTRA_IDLE_MS - t;
    if (!now && left > 0) soonest = Math.min(soonest, left);
    else stop(pool, slot);
  }
  if (soonest !== Infinity) trimLater(pool, soonest);
}

/** Trims again in `ms` (when the first idle thread above maxThreads has idled EXTRA_IDLE_MS). */
function trimLater(pool: Pool, ms = EXTRA_IDLE_MS): void {
  if (pool.trimTimer !== undefined) return;
  pool.trimTimer = setTimeout(() => {
    pool.trimTimer = undefined;
    trim(pool);
  }, ms);
  pool.trimTimer.unref();
}

/** A thread is kept ready for async calls (placement.ts wantsSpare), once this process has made one. */
export function needsSpare(pool: Pool, except?: Slot): boolean {
  return pool.asyncSeen && wantsSpare(pool.slots, settings, except);
}
