// The hand-written floors: the least a cross-thread call can cost with worker_threads alone.
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import { drain, newRing, push } from "./ring.mjs";

const worker = (name, options) => new Worker(new URL(`./workers/${name}.mjs`, import.meta.url), options);

function abortOnError(w) {
  // A floor that breaks would make every ratio meaningless: stop the run.
  w.on("error", (e) => {
    console.error(e);
    process.exit(1);
  });
  return w;
}

/** postMessage → await 'message'; the worker idles in its event loop. One call at a time. */
export function rawEcho() {
  const w = abortOnError(worker("raw-echo"));
  let resolve;
  w.on("message", (v) => resolve(v));
  return {
    call: (x) =>
      new Promise((r) => {
        resolve = r;
        w.postMessage(x);
      }),
    close: () => w.terminate(),
  };
}

/**
 * A worker parked in Atomics.wait (see workers/raw-parked.mjs). `async` awaits the reply as a
 * port message; `sync` blocks in Atomics.wait and reads it with receiveMessageOnPort.
 */
export function rawParked(mode) {
  const { port1, port2 } = new MessageChannel();
  const sab = new SharedArrayBuffer(8);
  const ctl = new Int32Array(sab);
  const w = abortOnError(
    worker("raw-parked", { workerData: { port: port2, sab, notify: mode === "sync" }, transferList: [port2] }),
  );
  const post = (x) => {
    port1.postMessage(x);
    Atomics.add(ctl, 0, 1);
    Atomics.notify(ctl, 0);
  };
  const close = () => {
    port1.close();
    return w.terminate();
  };
  if (mode === "sync") {
    return {
      call(x) {
        const replies = Atomics.load(ctl, 1);
        post(x);
        Atomics.wait(ctl, 1, replies);
        // The reply is posted before the counter moves, so it is on the port by now.
        const m = receiveMessageOnPort(port1);
        if (!m) throw new Error("raw sync floor: counter moved without a reply");
        return m.message;
      },
      close,
    };
  }
  let resolve;
  port1.on("message", (v) => resolve(v));
  return {
    call: (x) =>
      new Promise((r) => {
        resolve = r;
        post(x);
      }),
    close,
  };
}

/**
 * `threads` workers idling in their event loops, round-robin, every task posted at once,
 * id → resolver map: a pool that does nothing but forward messages.
 */
export function rawPool(threads = 2) {
  const pending = new Map();
  const onReply = ({ id, value }) => {
    pending.get(id)(value);
    pending.delete(id);
  };
  const workers = Array.from({ length: threads }, () => abortOnError(worker("raw-pool")).on("message", onReply));
  let seq = 0;
  const run = (fn, arg, transferList) =>
    new Promise((resolve) => {
      const id = ++seq;
      pending.set(id, resolve);
      workers[id % threads].postMessage({ id, fn, arg }, transferList);
    });
  return {
    key: "raw",
    label:
      threads === 1
        ? "hand-written: 1 worker, postMessage → reply"
        : `hand-written: ${threads} workers, round-robin, no queue`,
    inc: (x) => run("inc", x),
    cpu: (n) => run("cpu", n),
    sink: (u8, move) => run("sink", u8, move ? [u8.buffer] : undefined),
    nap: (ms) => run("nap", ms),
    all: (ps) => Promise.all(ps),
    close: () => Promise.all(workers.map((w) => w.terminate())),
  };
}

/**
 * `threads` workers taking async calls (nap only) through shared-memory rings, round-robin
 * (workers/raw-ring.mjs): a message per batch of calls or replies, not per call. The floor
 * for many concurrent async calls without MessagePort's cost per message.
 */
export function rawRing(threads = 2) {
  const pending = new Map();
  const settle = (id, value) => {
    pending.get(id)(value);
    pending.delete(id);
  };
  const workers = Array.from({ length: threads }, () => {
    const calls = newRing();
    const replies = newRing();
    const w = abortOnError(worker("raw-ring", { workerData: { calls, replies } }));
    w.on("message", () => drain(replies, settle));
    return { w, calls };
  });
  let seq = 0;
  return {
    key: "raw:ring",
    label: `hand-written: ${threads} workers, round-robin, calls and replies in shared-memory rings, a message only to wake a side that has not been woken since it last read`,
    nap: (ms) =>
      new Promise((resolve) => {
        const id = ++seq;
        pending.set(id, resolve);
        const { w, calls } = workers[id % threads];
        if (push(calls, id, ms)) w.postMessage(0);
      }),
    all: (ps) => Promise.all(ps),
    close: () => Promise.all(workers.map(({ w }) => w.terminate())),
  };
}
