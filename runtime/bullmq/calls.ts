/**
 * The calls a caller has out on the cluster, and how each settles from what is learnt of
 * its job: a completion event, a poll of its job's hash, or the waiter thread. Every path
 * ends in settle(), which takes the call out of the book: a task settles through kSettle,
 * which does nothing the second time, so two paths that find the same outcome settle it once.
 * A call whose job was lost (its worker process, or the job itself) goes through lost():
 * run again as a new call when its function was opted into retries, failed otherwise.
 * The lost run may still finish (its worker was cut off from Redis, not dead): its value
 * or error then settles the call, and the run that took over is withdrawn, whichever
 * path reads it (an event, the poll, the waiter thread under a blocked wait()).
 */
import { randomBytes } from "node:crypto";
import { __internal, JobLostError, WorkerLostError } from "../bundle.js";
import type { StubSpec } from "../internal.js";
import { apply } from "./outcome.js";
import type { RemoteTask } from "./remote-task.js";
import type { Seen } from "./waiter.js";
import { OK, readOutcome, THREW, type JobData } from "./wire.js";
import { clock } from "../timers.js";
import type { Site } from "../call-sites.js";

/** What the book asks of the backend. */
export interface CallHooks {
  /** Sends a lost call again (a new call under a new id, taking over its task); false when it cannot (closed), having done nothing. */
  retry(lost: Call): boolean;
  /** Stops the job of a call that was settled by an earlier run of its task: never run, or cancelled if running. */
  withdraw(call: Call): void;
  /** The call's task has settled: whatever still watches its jobs (the waiter thread) stops. */
  settled?(call: Call): void;
}

const kSettle: typeof __internal.kSettle = __internal.kSettle;

export interface Call {
  readonly id: string;
  readonly task: RemoteTask<unknown>;
  readonly spec: StubSpec;
  /**
   * Made at the call, for the caller's frames under a remote error. Its `stack` is read
   * only then: V8 records the frames at once but formats them on first read, which
   * costs more than the rest of a call's bookkeeping. NOT_RECORDED in a burst, and
   * undefined with `configure({ callSites: false })`, as on the pool (call-sites.ts).
   */
  readonly site: Site;
  /** The job was handed to Redis (queue.add called, by this thread or the waiter thread): a worker may have it. */
  sent: boolean;
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
  /** Runs this call may still have after losing its job (the function opted into retries: idempotent). */
  readonly retries: number;
  /** Runs so far, this one included: 1 for a call never retried. */
  readonly tries: number;
  /** The call that took over from this one once its job was lost (a retry): where a wait() goes on. */
  next: Call | undefined;
}

/**
 * Job ids: a random prefix of this module instance (72 bits), then a count. Half a random
 * UUID's length, and as good here: two of a million callers share a prefix with odds of
 * about 1 in 10^10. Short, since an id is in each of a job's Redis keys and its four
 * events, which every caller of the queue reads. Never an integer, never a colon (BullMQ
 * refuses both in an id it is given).
 */
const idPrefix = `${randomBytes(9).toString("base64url")}.`;
let idCount = 0;

/** A new call of `task`, not sent yet. */
export function newCall(
  task: RemoteTask<unknown>,
  spec: StubSpec,
  site: Site,
  pollMs: number,
  retries: number,
  tries = 1,
): Call {
  return {
    id: idPrefix + (++idCount).toString(36),
    task,
    spec,
    site,
    sent: false,
    added: false,
    seen: clock(),
    every: pollMs,
    cancel: undefined,
    job: undefined,
    watched: false,
    cancelWatched: false,
    retries,
    tries,
    next: undefined,
  };
}

/**
 * The call that runs a lost one again: the same task and job under a new id (the old
 * job is failed in BullMQ, stalled, or gone), one retry fewer; the lost call points to it.
 */
export function retryOf(lost: Call, pollMs: number): Call {
  const call = newCall(lost.task, lost.spec, lost.site, pollMs, lost.retries - 1, lost.tries + 1);
  call.job = lost.job;
  lost.next = call;
  return call;
}

export class Calls {
  readonly #calls = new Map<string, Call>();
  /** Calls that were run again, by their (lost) jobs' ids, until their task settles: whose late outcome still counts. */
  readonly #retired = new Map<string, Call>();
  readonly #hooks: CallHooks;

  constructor(hooks: CallHooks) {
    this.#hooks = hooks;
  }

  get size(): number {
    return this.#calls.size;
  }

  get(id: string): Call | undefined {
    return this.#calls.get(id);
  }

  has(id: string): boolean {
    return this.#calls.has(id);
  }

  add(call: Call): void {
    this.#calls.set(call.id, call);
  }

  values(): IterableIterator<Call> {
    return this.#calls.values();
  }

  /**
   * Ends a call: out of the book, no cancel any more, then its task settled by `settle`.
   * Only a call in the book: one that was retried (or settled) is not, and news of its
   * old job, from a poll or the waiter thread that read it before, decides nothing.
   */
  settle(call: Call, settle: () => void): void {
    if (this.#calls.get(call.id) !== call) return;
    this.#calls.delete(call.id);
    call.task.canceller = undefined;
    settle();
    // Earlier runs of a retried call may still be running on a worker that was cut off:
    // the task is settled, so they are withdrawn (cancelled if running), not left to run on.
    if (call.tries > 1)
      for (const [id, c] of this.#retired)
        if (c.task === call.task) {
          this.#retired.delete(id);
          this.#hooks.withdraw(c);
        }
    this.#hooks.settled?.(call);
  }

  fail(call: Call, error: unknown): void {
    this.settle(call, () => call.task[kSettle](false, error));
  }

  /**
   * The call's job was lost, `error` says how (told whether a retry was refused because
   * the backend is closed): run again if it may be (retries left, the backend open), else
   * failed with it. Never otherwise: a lost job may have run in part.
   * A cancelled call ends cancelled, as its cancel asked: its run is over either way.
   */
  lost(call: Call, error: (closed: boolean) => Error): void {
    if (this.#calls.get(call.id) !== call) return;
    if (call.cancel !== undefined) {
      this.settle(call, () => call.task.cancelled(call.cancel!.reason));
      return;
    }
    if (call.retries > 0) {
      this.#calls.delete(call.id);
      if (this.#hooks.retry(call)) {
        this.#retired.set(call.id, call);
        return;
      }
      this.#calls.set(call.id, call);
      this.fail(call, error(true)); // the backend is closed
      return;
    }
    this.fail(call, error(false));
  }

  /**
   * The earlier jobs of calls run again after a loss that were not looked at for `every`
   * ms: the poll reads them too (poll.ts), so a run that finishes after all settles its
   * task although its completion event, best-effort, never comes.
   */
  retiredDue(now: number, every: number): Call[] {
    const due: Call[] = [];
    for (const c of this.#retired.values()) if (now - c.seen >= every) due.push(c);
    return due;
  }

  /** The earlier jobs of `task` still out (it was run again after a loss): a blocked wait() watches them too. */
  earlier(task: RemoteTask<unknown>): Call[] {
    return [...this.#retired.values()].filter((c) => c.task === task);
  }

  /**
   * What was read of an earlier job (by the poll or the waiter thread): finished, its
   * outcome goes the late way (#late); ended or gone, it is no longer watched. Anything
   * else (still running, its worker gone) decides nothing: its retry is out.
   */
  readEarlier(jobId: string, timestamp: string | null, finishedOn: string | null, returnvalue: string | null): void {
    if (!this.#retired.has(jobId)) return;
    if (finishedOn !== null && returnvalue !== null) this.#late(jobId, returnvalue);
    if (timestamp === null || finishedOn !== null) this.#retired.delete(jobId);
  }

  /** A job's return value (from an event or a read of its hash): the call's outcome. */
  completed(jobId: string, returnvalue: unknown): void {
    const call = this.#calls.get(jobId);
    if (call === undefined) {
      this.#late(jobId, returnvalue);
      return;
    }
    const outcome = readOutcome(returnvalue);
    if (outcome === undefined) {
      this.fail(
        call,
        new Error(
          `${call.spec.name}(): its job came back without a tamed outcome (was it taken by a worker that is not \`npx tamed worker\`?)`,
        ),
      );
      return;
    }
    this.settle(call, () => apply(call, outcome));
  }

  /**
   * The outcome of a job whose call was run again after it was lost: the run finished
   * after all (its worker process was cut off, not dead). Its value or error settles the
   * task as the retry's would have, and the retry's job is withdrawn; a cancel or a skew
   * decides nothing (the retry goes on).
   */
  #late(jobId: string, returnvalue: unknown): void {
    let call = this.#retired.get(jobId);
    if (call === undefined) return;
    while (call.next !== undefined) call = call.next;
    const outcome = readOutcome(returnvalue);
    this.#retired.delete(jobId); // a finished job does not finish again
    if (outcome === undefined || (outcome[0] !== OK && outcome[0] !== THREW)) return;
    if (this.#calls.get(call.id) !== call) return;
    const current = call;
    this.settle(current, () => apply(current, outcome));
    this.#hooks.withdraw(current);
  }

  /** Settles a call whose job has ended (or is gone), from its fields; false while it has not. */
  ended(
    call: Call,
    timestamp: string | null,
    finishedOn: string | null,
    worker: string | null,
    returnvalue: string | null,
    failedReason: string | null,
  ): boolean {
    if (timestamp === null) {
      this.lost(call, (closed) => new JobLostError(call.spec.name, call.id, call.tries, closed));
    } else if (finishedOn !== null && returnvalue !== null) {
      this.completed(call.id, returnvalue);
    } else if (finishedOn !== null) {
      // Failed by BullMQ, not by the function (whose errors come back as outcomes).
      if (/stalled/i.test(failedReason ?? "") && worker !== null)
        this.lost(call, (closed) => new WorkerLostError(call.spec.name, worker, undefined, call.tries, closed));
      else this.fail(call, new Error(`${call.spec.name}(): its job failed in BullMQ: ${failedReason}`));
    } else return false;
    return true;
  }

  /** What the waiter thread saw of a call's job, or of an earlier job of a retried call. */
  seen(m: Seen): void {
    const call = this.#calls.get(m[0]);
    if (call === undefined) {
      if (m[1] !== "unrun") this.readEarlier(m[0], m[1][0] ?? null, m[1][1] ?? null, m[1][3] ?? null);
      return;
    }
    if (m[1] === "unrun") {
      this.settle(call, () => call.task.cancelled(call.cancel?.reason));
      return;
    }
    const [timestamp, finishedOn, worker, returnvalue, failedReason] = m[1];
    if (
      this.ended(call, timestamp ?? null, finishedOn ?? null, worker ?? null, returnvalue ?? null, failedReason ?? null)
    )
      return;
    if (m[2] && worker !== null && worker !== undefined)
      this.lost(call, (closed) => new WorkerLostError(call.spec.name, worker, 0, call.tries, closed));
  }
}
