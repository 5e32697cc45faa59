/**
 * Getting calls to workers: the two queues, posting a call where placement.ts says (a
 * new worker when it says SPAWN), and moving the queue (pump), which gathers each
 * worker's calls into one message. The hot path of every call: posting is a
 * postMessage and a doorbell ring, and it allocates only the call's message.
 */
import { offer } from "../doorbell.js";
import type { Fifo } from "../fifo.js";
import { NUDGE_NEEDED, writeCall } from "../plain-ring.js";
import { CALLS, NUDGE, SLEEPING, type Call, type Nudge } from "../protocol.js";
import { settings } from "../settings.js";
import { kStart } from "../task.js";
import { atCallSite, cloneFailure, fail, type Job } from "./job.js";
import { callOut } from "./keep-alive.js";
import { open, place, SPAWN } from "./placement.js";
import type { Pool } from "./pool.js";
import type { Slot } from "./slot.js";
import { needsSpare, release, spawn, unpost } from "./workers.js";
import { clearTimeout } from "../timers.js";

/**
 * The estimate for a function not measured yet, in microseconds: far above PIPELINE_MS,
 * so no call is sent to wait behind it, and still a small integer.
 */
const UNMEASURED_US = 2 ** 30;

/**
 * A queue per kind of call: a CPU-bound call waiting for a thread never holds back an
 * async call, which needs an event loop, not a core (see placement.ts).
 */
export function queueOf(pool: Pool, job: Job): Fifo<Job> {
  return job.spec.cpu ? pool.cpuQueue : pool.ioQueue;
}

export function enqueue(pool: Pool, job: Job): void {
  // A queued call is sent later; copy its arguments now, so that a caller who
  // changes an object after the call does not change what the worker gets.
  if (job.live && !ownArgs(job)) return;
  queueOf(pool, job).push(job);
}

/**
 * Replaces the caller's objects among the job's arguments with a copy made now (what
 * a post would have sent), so the call can be sent later, or again. False, with the
 * task failed, when they cannot be copied.
 */
function ownArgs(job: Job): boolean {
  const args = job.args!;
  const moves = job.moves;
  try {
    if (moves === undefined) job.args = structuredClone(args);
    else if (moves.every((m) => m instanceof ArrayBuffer)) {
      // Moved buffers move into the copy (the caller's are detached now, as at a post).
      job.args = structuredClone(args, { transfer: moves });
      job.moves = undefined;
    } else {
      // A MessagePort can be moved, never copied: the copy takes it over, and the post
      // moves it on (one clone keeps identity, so `m` holds the objects inside `a` to
      // move). Such a call cannot be sent a second time (Job.resendable).
      const copy = structuredClone({ a: args, m: moves }, { transfer: moves });
      job.args = copy.a;
      job.moves = copy.m;
    }
    job.live = false;
    return true;
  } catch (e) {
    fail(job, atCallSite(job, undefined, cloneFailure(job.spec.name, args, e)));
    return false;
  }
}

/** Posts the job to the worker placement chooses; false when none can take it now. */
export function placeJob(pool: Pool, job: Job, batch?: Map<Slot, Call[]>): boolean {
  const target = place(job.spec, pool.slots, settings);
  if (target === undefined) return false;
  post(pool, target === SPAWN ? spawn(pool) : target, job, batch);
  // The CPU lane may be full now: an async call to come should find a thread ready.
  if (job.spec.cpu && needsSpare(pool)) spawn(pool);
  return true;
}

/**
 * Posts the job to the worker. With `batch`, a call that moves no buffers is added to
 * the worker's list there instead, to go out in one message (sendBatch).
 */
function post(pool: Pool, slot: Slot, job: Job, batch?: Map<Slot, Call[]>): void {
  // Behind other calls, or at a thread still starting, a call may wait there: its
  // arguments are copied as they are now, so that it can be sent again if that worker
  // dies (or is terminated) before starting it, or if another worker takes it first
  // (reclaim).
  const spec = job.spec;
  if (job.live && (slot.jobs.size > 0 || !slot.warm) && !ownArgs(job)) return;
  if (spec.owner !== pool) {
    spec.owner = pool;
    spec.module = moduleIndex(pool, spec.url);
    pool.names[spec.module] = spec.name;
  }
  const module = spec.module;
  const args = job.args!;
  const first = !slot.knows(module);
  // Its claim cell (placement chose a worker with a free one of the call's kind).
  const cells = slot.cellsFor(spec.cpu);
  const cell = cells.pop();
  offer(slot.ctl, cell, job.id);
  // Nothing is left to do after ringing a sleeping worker, nor anything costly before it.
  if (Atomics.load(slot.ctl, SLEEPING) !== 0) job.siteBeforeRing();
  if (batch !== undefined && job.moves === undefined) {
    const call = message(job, module, args, first ? spec.url : undefined, cell);
    const list = batch.get(slot);
    if (list !== undefined) list.push(call);
    else batch.set(slot, [call]);
  } else if (job.moves !== undefined || first || !inRing(slot, job.id, module, cell, args)) {
    try {
      slot.post(message(job, module, args, first ? spec.url : undefined, cell), job.moves);
    } catch (e) {
      cells.push(cell);
      fail(job, atCallSite(job, undefined, cloneFailure(job.spec.name, args, e)));
      return;
    }
  }
  job.cell = cell;
  job.behind = slot.jobs.size > 0;
  if (spec.cpu) {
    // Whole microseconds: a Job field that ever holds a fraction makes V8 box it, 16 bytes
    // on every call (a burst holds 100,000 of them).
    job.est = spec.cost === Infinity ? UNMEASURED_US : Math.min(Math.ceil(spec.cost * 1000), UNMEASURED_US);
    slot.work += job.est / 1000;
  }
  if (first) slot.learn(module);
  if (slot.idleTimer !== undefined) {
    clearTimeout(slot.idleTimer);
    slot.idleTimer = undefined;
  }
  job.slot = slot;
  slot.jobs.set(job.id, job);
  if (job.spec.cpu) slot.cpu++;
  // Calls out hold the process open (an idle pool never does), also for a worker's exit
  // event: a thread killed from outside JS (out of memory) closes its port, and the exit
  // must still arrive.
  callOut(pool);
  job.task[kStart](slot.threadId);
  if (batch === undefined || job.moves !== undefined) slot.ring();
}

/** The call is written to the worker's call ring, if it fits (plain-ring.ts). */
function inRing(slot: Slot, id: number, module: number, cell: number, args: unknown[]): boolean {
  const written = writeCall(slot.calls, slot.posted, id, module, cell, args);
  if (written === NUDGE_NEEDED) slot.post(NUDGE_MESSAGE);
  return written !== false;
}

const NUDGE_MESSAGE: Nudge = [NUDGE];

function message(job: Job, module: number, args: unknown[], url: string | undefined, cell: number): Call {
  return job.buffers === undefined ? [job.id, module, args, url, cell] : [job.id, module, args, url, cell, job.buffers];
}

/**
 * Sends a call again, by itself, to the worker it waits at: one of the calls of a
 * message the worker could not decode (replies.ts checked). Alone, only a call whose own
 * arguments the worker cannot read fails. It keeps its place (its claim cell still
 * holds its id: the worker never had it).
 */
export function postAgain(pool: Pool, slot: Slot, job: Job): void {
  const spec = job.spec;
  const first = !slot.knows(spec.module);
  const call: Call =
    job.buffers === undefined
      ? [job.id, spec.module, job.args!, first ? spec.url : undefined, job.cell]
      : [job.id, spec.module, job.args!, first ? spec.url : undefined, job.cell, job.buffers];
  if (first) slot.learn(spec.module);
  sendAlone(pool, slot, call);
  slot.ring();
}

/** Sends each worker's calls gathered by pump as one message. */
function sendBatch(pool: Pool, batch: Map<Slot, Call[]>): void {
  for (const [slot, calls] of batch) {
    try {
      slot.post(calls.length === 1 ? calls[0] : [CALLS, ...calls]);
    } catch {
      // Queued arguments were copied when queued, so this is all but impossible: each
      // call goes alone, and the one that cannot be sent fails by itself.
      for (const call of calls) sendAlone(pool, slot, call);
    }
    slot.ring();
  }
}

/** Sends one call by itself; if it cannot be sent, it fails alone. */
function sendAlone(pool: Pool, slot: Slot, call: Call): void {
  try {
    slot.post(call);
  } catch (e) {
    if (call[3] !== undefined) slot.forget(call[1]); // the next call there must bring the module's URL
    const job = slot.jobs.get(call[0]);
    if (job === undefined) return;
    const args = job.args!;
    release(pool, slot, job);
    fail(job, atCallSite(job, undefined, cloneFailure(job.spec.name, args, e)));
  }
}

/** The index calls name a module by, at this pool (its workers learn the URL once). */
function moduleIndex(pool: Pool, url: string): number {
  let i = pool.modules.get(url);
  if (i === undefined) {
    i = pool.modules.size;
    pool.modules.set(url, i);
  }
  return i;
}

/** Moves the queues: posts queued calls, in order, while workers can take them. Held while a batch of replies is read. */
export function pump(pool: Pool): void {
  if (pool.holdPump) return;
  reclaim(pool);
  if (pool.cpuQueue.size === 0 && pool.ioQueue.size === 0) return;
  const batch = new Map<Slot, Call[]>();
  placeQueued(pool, pool.cpuQueue, batch);
  placeQueued(pool, pool.ioQueue, batch);
  sendBatch(pool, batch);
}

/**
 * CPU-bound calls waiting at one worker come back to the front of their queue while
 * another, warm, is idle (one call per such worker), and placement sends them there:
 *
 * - at a worker whose thread is still starting (tens to hundreds of milliseconds), any
 *   such call: a warm worker takes it first (placement prefers warm idle workers). The
 *   new thread goes on starting, for the calls to come;
 * - at a busy worker, a call posted behind others, when nothing is queued for the idle
 *   worker: the call it waits behind may be far slower than its function's estimate
 *   said, and it would wait for no reason.
 *
 * Taken back with the claim cell, so a worker that began the call meanwhile keeps it.
 * An async call comes back only from a thread still starting (one sent there while
 * every thread ran CPU-bound work), and only to a warm worker that queued CPU-bound
 * calls leave idle: async calls at a warm worker all run at once, and one taken back
 * for a worker the CPU queue then took would only make placement start yet another.
 * Runs when the queue moves (a reply, a cancel, a settings change); it costs a pass
 * over the workers, and over a busy worker's calls only while another worker is idle.
 */
function reclaim(pool: Pool): void {
  let idle = 0;
  let cpuThreads = 0;
  let cold = false;
  let busy = false;
  for (const s of pool.slots) {
    if (s.cpu > 0) cpuThreads++;
    if (s.jobs.size === 0) {
      if (s.warm && open(s)) idle++;
    } else if (!s.warm) cold = true;
    else if (busyDonor(s)) busy = true;
  }
  if (idle === 0) return;
  // A call from a busy worker makes the idle one run CPU-bound work too: within maxThreads.
  // Not while CPU-bound calls are queued: the idle worker takes those first. Queued async
  // calls do not count: one waits for a host with room, which a CPU thread never is.
  let room = busy && pool.cpuQueue.size === 0 ? settings.maxThreads - cpuThreads : 0;
  if (!cold && room <= 0) return;
  let back: Job[] | undefined;
  // Idle workers left once the queued CPU-bound calls and those taken back have theirs.
  let forAsync = idle - pool.cpuQueue.size;
  for (const s of pool.slots) {
    const warm = s.warm;
    if (warm ? room <= 0 || !busyDonor(s) : s.jobs.size === 0) continue;
    for (const job of s.jobs.values()) {
      if (back?.length === idle) break;
      if (job.stopping !== undefined || !job.resendable || (warm && (!job.behind || room <= 0))) continue;
      if (!job.spec.cpu && forAsync <= 0) continue;
      if (!s.takeBack(job)) continue;
      (back ??= []).push(job);
      forAsync--;
      if (warm) room--;
    }
  }
  if (back === undefined) return;
  // Back to the front in the order they were called (ids rise), as crashes.ts requeues.
  back.sort((a, b) => a.id - b.id);
  for (let k = back.length - 1; k >= 0; k--) {
    const job = back[k]!;
    unpost(pool, job.slot!, job);
    job.task[kStart](undefined);
    queueOf(pool, job).unshift(job);
  }
}

/**
 * A warm worker that may have CPU-bound calls waiting behind others: it runs only
 * CPU-bound calls (as placement.ts pipelines them), more than one. Async calls at a
 * warm worker all run at once: none of them waits behind another.
 */
function busyDonor(s: Slot): boolean {
  return s.jobs.size > 1 && s.cpu === s.jobs.size;
}

/** Places the queue's calls in order, while a worker can take the next one. */
function placeQueued(pool: Pool, queue: Fifo<Job>, batch: Map<Slot, Call[]>): void {
  for (let job = queue.peek(); job !== undefined; job = queue.peek()) {
    if (job.task.done()) {
      queue.shift(); // cancelled while queued
      continue;
    }
    if (!placeJob(pool, job, batch)) break;
    queue.shift();
  }
}
