// runtime/pool/placement.ts: which worker takes a call, as a pure function of the call,
// the workers and the limits. Workers here are plain objects shaped like the pool's
// Slot; no thread is started.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { PIPELINE_MS, place, SPAWN, wantsSpare } from "../../dist/runtime/pool/placement.js";

const limits = (maxThreads = 2, asyncTasksPerWorker = 512) => ({ maxThreads, asyncTasksPerWorker });

/**
 * A worker: `cpu` CPU-bound calls and `io` async calls on it, `work` ms of CPU-bound
 * backlog, `asyncCells` claim cells for async calls when it started (512 by default).
 */
function worker({
  name = "w",
  cpu = 0,
  io = 0,
  work = 0,
  cells = 32,
  asyncCells = 512,
  ping,
  cancelling = 0,
  retiring = false,
  warm = true,
} = {}) {
  return {
    name,
    cpu,
    jobs: { size: cpu + io },
    ping,
    cancelling,
    retiring,
    cells: { length: cells },
    asyncCells: { length: asyncCells - io },
    work,
    warm,
  };
}

const cpuCall = (cost = Infinity) => ({ cpu: true, cost });
const ioCall = { cpu: false, cost: Infinity };

test("an idle worker takes a call of either kind", () => {
  const idle = worker({ name: "idle" });
  assert.is(place(cpuCall(), [worker({ cpu: 1 }), idle], limits()), idle);
  assert.is(place(ioCall, [worker({ cpu: 1 }), idle], limits()), idle);
});

test("a warm idle worker takes a call before one whose thread is still starting", () => {
  const starting = worker({ name: "starting", warm: false });
  const warm = worker({ name: "warm" });
  assert.is(place(cpuCall(), [starting, warm], limits()), warm);
  assert.is(place(ioCall, [starting, warm], limits()), warm);
  assert.is(
    place(ioCall, [starting, worker({ cpu: 1 })], limits()),
    starting,
    "no warm one idle: the starting one, not a third",
  );
});

test("with no idle worker and fewer than maxThreads, a new worker starts", () => {
  assert.is(place(cpuCall(), [], limits()), SPAWN);
  assert.is(place(cpuCall(), [worker({ cpu: 1 })], limits()), SPAWN);
});

test("a CPU-bound call never makes more than maxThreads threads run CPU-bound work", () => {
  assert.is(place(cpuCall(), [worker({ cpu: 1 }), worker({ cpu: 1 })], limits()), undefined);
  // An idle extra thread (started for an async call) does not count: but it is not taken either.
  assert.is(place(cpuCall(), [worker({ cpu: 1 }), worker({ cpu: 1 }), worker()], limits()), undefined);
});

test("a worker being pinged, cancelling, or retiring takes no new call", () => {
  for (const flag of [{ ping: {} }, { cancelling: 1 }, { retiring: true }]) {
    const closed = worker({ ...flag, io: 1 });
    assert.is.not(place(cpuCall(), [closed, worker({ cpu: 1 })], limits(2)), closed, JSON.stringify(flag));
    assert.is.not(place(ioCall, [closed, worker({ cpu: 1 })], limits(2)), closed, JSON.stringify(flag));
    assert.is(place(cpuCall(1), [worker({ ...flag, cpu: 1 })], limits(1)), undefined, JSON.stringify(flag));
  }
});

test("with the async lane at maxThreads threads, an async call shares the least busy host", () => {
  const a = worker({ name: "a", io: 3 });
  const b = worker({ name: "b", io: 1 });
  assert.is(place(ioCall, [a, b], limits(2)), b);
  assert.is(place(ioCall, [a, worker({ io: 512 })], limits(2)), a);
});

test("an async call gets a thread of its own while every thread runs CPU-bound work", () => {
  assert.is(place(ioCall, [worker({ cpu: 1 }), worker({ cpu: 1 })], limits(2)), SPAWN);
});

test("an async call takes an idle worker, else a thread of its own while fewer than maxThreads host async calls, else shares the least busy host", () => {
  const idle = worker({ name: "idle" });
  assert.is(place(ioCall, [worker({ io: 3 }), idle], limits(2)), idle);
  assert.is(
    place(ioCall, [worker({ cpu: 1 }), worker({ io: 3 })], limits(2)),
    SPAWN,
    "one host: a second one, so a crash ends fewer calls",
  );
  const b = worker({ name: "b", io: 1 });
  assert.is(place(ioCall, [worker({ cpu: 1 }), worker({ io: 3 }), b], limits(2)), b, "two hosts: the least busy");
});

test("the async lane has at most maxThreads threads: with its hosts full, an async call waits", () => {
  assert.is(place(ioCall, [worker({ cpu: 1 }), worker({ io: 1 }), worker({ io: 1 })], limits(2, 1)), undefined);
});

test("a CPU-bound call gets a thread of its own while fewer than maxThreads threads run CPU-bound work, however many host async calls", () => {
  assert.is(place(cpuCall(), [worker({ io: 500 }), worker({ cpu: 1 })], limits(2)), SPAWN);
  assert.is(place(cpuCall(), [worker({ io: 500 }), worker({ io: 3 })], limits(2)), SPAWN);
  assert.is(place(cpuCall(), [worker({ io: 500 }), worker({ cpu: 1 }), worker({ cpu: 1 })], limits(2)), undefined);
});

test("an async call goes only to a worker with a free async claim cell: one started before asyncTasksPerWorker was raised keeps its count", () => {
  const old = worker({ name: "old", io: 4, asyncCells: 4 });
  const roomy = worker({ name: "roomy", io: 6, asyncCells: 512 });
  assert.is(
    place(ioCall, [old, roomy], limits(2, 512)),
    roomy,
    "the old worker is full at its own count, though below the limit",
  );
  assert.is(place(ioCall, [old], limits(1, 512)), undefined, "with no other worker, the call waits in the queue");
  assert.is(
    place(ioCall, [worker({ name: "w", io: 3, asyncCells: 4 })], limits(1, 512)).name,
    "w",
    "a free cell left: it takes the call",
  );
});

test("a worker started before asyncTasksPerWorker was lowered takes no more async calls than the new limit", () => {
  assert.is(place(ioCall, [worker({ io: 2, asyncCells: 512 })], limits(1, 2)), undefined);
  assert.is(place(ioCall, [worker({ name: "w", io: 1, asyncCells: 512 })], limits(1, 2)).name, "w");
});

test("a worker with no free async cell does not count as room: an async call gets a new host, up to maxThreads hosts", () => {
  assert.is(
    place(ioCall, [worker({ cpu: 1 }), worker({ cpu: 1 }), worker({ io: 2, asyncCells: 2 })], limits(2, 8)),
    SPAWN,
  );
  assert.is(
    place(ioCall, [worker({ io: 2, asyncCells: 2 }), worker({ io: 2, asyncCells: 2 })], limits(2, 8)),
    undefined,
  );
});

test("a short CPU-bound call waits at the least loaded busy worker within PIPELINE_MS; a long or unmeasured one does not", () => {
  const busy = worker({ name: "busy", cpu: 2, work: 1 });
  const lighter = worker({ name: "lighter", cpu: 1, work: 0.5 });
  assert.is(place(cpuCall(0.5), [busy, lighter], limits()), lighter);
  assert.is(place(cpuCall(PIPELINE_MS), [busy, lighter], limits()), undefined);
  assert.is(place(cpuCall(), [busy, lighter], limits()), undefined);
  assert.is(place(cpuCall(0.5), [worker({ cpu: 1, work: 0.5, cells: 0 })], limits(1)), undefined, "no free claim cell");
  assert.is(place(cpuCall(0.5), [worker({ cpu: 1, io: 1, work: 0.5 })], limits(1)), undefined, "an async call on it");
});

test("placement only reads what it is given (frozen workers)", () => {
  const workers = Object.freeze([worker({ cpu: 1, work: 0.1 }), worker({ cpu: 1 })].map(Object.freeze));
  assert.is(place(cpuCall(0.1), workers, limits()), workers[1]);
});

test("a spare thread is wanted for async calls only while the CPU lane is full and nothing could host one at once", () => {
  const busy = () => worker({ cpu: 1 });
  assert.is(wantsSpare([busy(), busy()], limits()), true, "both CPU threads busy, no other thread");
  assert.is(wantsSpare([busy()], limits()), false, "the CPU lane has room: an async call may spawn as it comes");
  assert.is(wantsSpare([busy(), busy(), worker({ name: "idle" })], limits()), false, "an idle thread is the spare");
  assert.is(
    wantsSpare([busy(), busy(), worker({ io: 3 })], limits()),
    false,
    "a host with room takes the next async call",
  );
  assert.is(wantsSpare([busy(), busy(), worker({ io: 512 })], limits()), true, "a full host has no room");
  assert.is(
    wantsSpare([busy(), busy(), worker({ io: 512 }), worker({ io: 512 })], limits()),
    false,
    "the async lane is at maxThreads",
  );
  assert.is(
    wantsSpare([busy(), worker({ ping: {}, io: 1 })], limits()),
    true,
    "a pinged thread counts in the CPU lane, as in place()",
  );
  const spare = worker({ name: "spare" });
  assert.is(
    wantsSpare([busy(), busy(), spare], limits(), spare),
    true,
    "without the spare itself, one is wanted: trim keeps it",
  );
});

test("with the CPU lane full, a short CPU-bound call waits at a busy CPU worker, never at an idle one beyond maxThreads (the spare kept for async calls)", () => {
  const busy = worker({ name: "busy", cpu: 1, work: 0.5 });
  const spare = worker({ name: "spare" });
  assert.is(place(cpuCall(0.5), [worker({ cpu: 1, work: 1 }), busy, spare], limits()), busy);
  assert.is(
    place(cpuCall(0.5), [worker({ cpu: 1, work: 2 }), worker({ cpu: 1, work: 2 }), spare], limits()),
    undefined,
  );
});

test("with maxThreads threads hosting async calls, an async call shares a host, not an idle worker: the async lane stays within maxThreads threads", () => {
  const host = worker({ name: "host", io: 3 });
  const idle = worker({ name: "idle" });
  assert.is(place(ioCall, [worker({ io: 5 }), host, idle], limits()), host);
  assert.is(
    place(ioCall, [worker({ io: 512 }), worker({ io: 512 }), idle], limits()),
    undefined,
    "hosts full: it waits",
  );
  assert.is(place(cpuCall(), [worker({ io: 5 }), host, idle], limits()), idle, "the idle one is for CPU-bound calls");
});

test("a host whose async tasks are being cancelled is in the async lane only; a retiring one in neither; a pinged one may be stuck in synchronous code and holds a core", () => {
  const cancelling = worker({ cancelling: 1, io: 2 });
  assert.is(place(cpuCall(), [cancelling], limits(1)), SPAWN, "no CPU-bound call waits for a grace");
  assert.is(place(ioCall, [cancelling], limits(1)), undefined, "the async lane is full: the call waits");
  assert.is(place(ioCall, [cancelling], limits(2)), SPAWN, "the async lane has room");
  assert.is(wantsSpare([worker({ cpu: 1 }), cancelling], limits(1)), false, "the async lane is full");
  const retiring = worker({ retiring: true, io: 2 });
  assert.is(place(cpuCall(), [retiring], limits(1)), SPAWN, "retiring: CPU-bound");
  assert.is(place(ioCall, [retiring], limits(1)), SPAWN, "retiring: async, a new host in its place");
  assert.is(wantsSpare([worker({ cpu: 1 }), retiring], limits(1)), true, "retiring: a spare is wanted");
  const pinged = worker({ ping: {}, io: 2, retiring: true });
  assert.is(place(cpuCall(), [pinged], limits(1)), undefined, "pinged: CPU-bound");
  assert.is(place(ioCall, [pinged], limits(1)), SPAWN, "pinged: async");
});

test.run();
