/**
 * Workers that die or misbehave: retire() takes a dead worker out of the pool, fails
 * the calls it had begun and puts back in the queue those it never began; stray()
 * reports an error a call's leftover callback threw after the call had answered;
 * reapStopped() notices, for a caller blocked in wait(), a thread that stopped without
 * a word (no DIED reply, and exit events need the event loop).
 */
import { WorkerCrashedError, WorkerModuleError } from "../errors.js";
import { settleTogether } from "../settle-queue.js";
import { NO_CELL } from "../protocol.js";
import { settings } from "../settings.js";
import { kStart } from "../task.js";
import { warn } from "../warn.js";
import { fromWire, type Wire } from "../wire-error.js";
import { settleCancelled } from "./cancel.js";
import { pump, queueOf } from "./dispatch.js";
import { atCallSite, fail, type Job } from "./job.js";
import { callsBack } from "./keep-alive.js";
import type { Pool } from "./pool.js";
import { drainSlot } from "./replies.js";
import type { Slot } from "./slot.js";
import { ENTRY, stop } from "./workers.js";
import { clearTimeout, clock } from "../timers.js";

/** A call whose worker keeps dying before starting it fails after this many new tries. */
const MAX_RETRIES = 2;

/**
 * How often a caller blocked in wait() checks for workers that stopped without a word
 * (replies wake it at once; this bounds only how late such a death is noticed).
 */
export const PROBE_MS = 50;

function ordinal(n: number): string {
  return n === 1 ? "1st" : n === 2 ? "2nd" : n === 3 ? "3rd" : `${n}th`;
}

/**
 * A worker is gone. The tasks it had started fail with WorkerCrashedError; those it
 * had not started yet (when it said which, in its DIED reply) go back to the front
 * of the queue, since they never ran. Then the queue moves on, on a new worker if
 * needed. Reached by the DIED reply or by the "exit" event, whichever comes first;
 * the second finds nothing left to do.
 */
export function retire(
  pool: Pool,
  slot: Slot,
  code: number | undefined,
  cause: unknown,
  said?: {
    readonly started: readonly number[];
    readonly loading: readonly number[];
    readonly leftBehindBy?: number | undefined;
    /** It was leftBehindBy's module, as it loaded, not a call of it. */
    readonly atLoad?: true | undefined;
  },
  terminated = false,
): void {
  const i = pool.slots.indexOf(slot);
  if (i < 0) return;
  pool.slots.splice(i, 1);
  slot.port.close();
  if (slot.ping !== undefined) clearTimeout(slot.ping.timer);
  slot.ping = undefined;
  slot.check = undefined;
  if (slot.idleTimer !== undefined) clearTimeout(slot.idleTimer);
  const jobs = [...slot.jobs.values()];
  slot.jobs.clear();
  callsBack(pool, jobs.length);
  // Which calls began: the worker's DIED reply says; without one (killed, out of
  // memory, terminated here), the claim cells say for CPU-bound calls, and taking
  // back an unclaimed one makes sure a worker still running never begins it.
  const ran: Set<number> | undefined =
    said !== undefined
      ? new Set(said.started)
      : jobs.some((j) => j.cell !== NO_CELL)
        ? new Set(jobs.filter((j) => !slot.takeBack(j)).map((j) => j.id))
        : undefined;
  for (const j of jobs) j.cell = NO_CELL;
  // Whose fault the death is. A call had begun: the death is that call's (it fails
  // below), and the calls only waiting there (for their module, or behind it) are not
  // to blame, however many calls ahead of them end their workers: each such death
  // fails the call that began, so they are not sent again forever. No call had begun
  // and some were waiting for their module: loading it ended the thread, and those
  // calls count a try, until they fail with WorkerModuleError. A worker this pool
  // terminated (a cancelled call's grace ran out), or one that a timer or callback left
  // behind by an answered call ended, is no fault of the calls waiting there.
  const by = said?.leftBehindBy === undefined ? undefined : (pool.names[said.leftBehindBy] ?? "a marked function");
  const innocent = terminated || by !== undefined || (ran !== undefined && ran.size > 0);
  const moduleDied = !innocent && ran !== undefined && said !== undefined && said.loading.length > 0;
  // Sent again: calls that never began, whose arguments are still as they were at
  // the call, and that have not already come back here more than twice.
  const again = (j: Job): boolean =>
    ran !== undefined &&
    !ran.has(j.id) &&
    j.resendable &&
    (innocent || j.retries < MAX_RETRIES) &&
    j.stopping === undefined;
  const retry = jobs.filter(again);
  for (let k = retry.length - 1; k >= 0; k--) {
    const job = retry[k]!;
    if (!innocent) job.retries++;
    job.slot = undefined;
    job.task[kStart](undefined);
    queueOf(pool, job).unshift(job);
  }
  pump(pool);
  const loading = new Set(said?.loading);
  let told = false;
  // All of them settled before any callback runs: a callback that waits on a neighbour
  // of this worker finds it settled (see settleTogether).
  settleTogether(() => {
    for (const job of jobs) {
      if (retry.includes(job)) continue;
      job.slot = undefined;
      if (job.stopping !== undefined) {
        settleCancelled(pool, job); // it was being stopped anyway
        continue;
      }
      told = true;
      let error: Error;
      if (moduleDied && !ran.has(job.id) && loading.has(job.id)) {
        // It died loading the function's module, every time: that module ends the thread.
        error = new WorkerModuleError(job.spec.name, job.spec.url, "exited", cause, code);
      } else {
        const note =
          ran === undefined || ran.has(job.id)
            ? undefined
            : job.live
              ? "before it started the task; not sent again, since its arguments are the caller's objects and may have changed since the call"
              : job.moves !== undefined
                ? "before it started the task; not sent again, since what it moved with transfer() went to that thread"
                : `before it started the task, for the ${ordinal(job.retries + 1)} time`;
        error = new WorkerCrashedError(job.spec.name, code, cause, note);
      }
      fail(job, atCallSite(job, slot.threadId, error));
    }
  });
  // A death that reached no caller (no call was running on it) would go unseen. One
  // while a module loaded is that module's calls' to report, if it happens again.
  if (
    !told &&
    !terminated &&
    (loading.size === 0 || by !== undefined) &&
    (cause !== undefined || (code !== undefined && code !== 0))
  ) {
    const ranLast = by ?? slot.last;
    const last = ranLast === undefined ? "" : `, which ran ${ranLast}() last,`;
    warn(
      `worker thread ${slot.threadId}${last} ${code === undefined ? "stopped" : `exited with code ${code}`} while it ran no call${from(by, said?.atLoad, cause)}; a new worker takes the next calls${loading.size > 0 ? " (and the calls that were waiting there for their module)" : ""}`,
      cause,
      "TAMED_WORKER_DIED",
    );
  }
}

/** What ended a worker that ran no call, as the end of a sentence: `by` is the function whose call, or whose module as it loaded (`atLoad`), left it behind. */
function from(by: string | undefined, atLoad: true | undefined, cause: unknown): string {
  if (by !== undefined)
    return atLoad
      ? `, from a timer or callback the worker module of ${by}() left behind as it loaded`
      : `, from a timer or callback ${by}() left behind after it returned`;
  return cause === undefined ? "" : `, from an error thrown outside any call (a timer or callback left behind)`;
}

/**
 * A timer or callback that a call left behind threw after the call had answered (the
 * worker caught it): reported here, naming the function, since no caller can receive
 * it. The worker takes no new call and is stopped once the calls on it are done: its
 * module's state may be half-updated, but the calls beside it are not to blame.
 */
export function stray(pool: Pool, slot: Slot, module: number, wire: Wire, atLoad?: true): void {
  const fn = pool.names[module] ?? "a marked function";
  warn(
    atLoad
      ? `the worker module of ${fn}() threw after it had loaded, from a timer or callback it left behind as it loaded on worker thread ${slot.threadId}; no call is to blame, and the calls on that worker go on (it is replaced once they are done)`
      : `${fn}() threw after it had returned, from a timer or callback it left behind on worker thread ${slot.threadId}; its caller had its result already, and the calls beside it go on (that worker is replaced once they are done)`,
    fromWire(wire, undefined, ENTRY.href),
    "TAMED_THREW_AFTER_RETURN",
  );
  slot.retiring = true;
  if (slot.jobs.size === 0) stop(pool, slot);
}

/**
 * Retires workers that stopped without running JavaScript again (no DIED reply), for
 * a caller blocked in wait(), which cannot see their exit events. The exit event,
 * when it comes, then finds nothing left to do.
 */
export function reapStopped(pool: Pool): boolean {
  // Replies wake a blocked caller often; the probe is a native call per busy worker,
  // so it runs at most once per PROBE_MS, not on every reply.
  const now = clock();
  if (now - pool.probedAt < PROBE_MS) return false;
  pool.probedAt = now;
  let reaped = false;
  for (const slot of [...pool.slots]) {
    if (slot.jobs.size === 0 || !slot.stopped()) continue;
    drainSlot(pool, slot); // what it posted before it stopped comes first
    if (!pool.slots.includes(slot)) continue;
    const why =
      settings.resourceLimits === undefined ? "it was terminated" : "out of memory under resourceLimits, or terminated";
    retire(
      pool,
      slot,
      undefined,
      slot.error ?? new Error(`the thread stopped without running JavaScript again (${why})`),
    );
    reaped = true;
  }
  return reaped;
}
