// Every contender behind one shape: { key, label, inc, cpu, sink(u8, move), nap, all, close }.
// Pools get 2 threads started eagerly (min = max = 2), otherwise their defaults.
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { benchDir } from "./measure.mjs";

export const THREADS = 2;
const workerFile = (name) => join(benchDir, "workers", `${name}.mjs`);
export const tamedOut = (file) => pathToFileURL(join(benchDir, "tamed", "out", file)).href;

/** tamed as users run it: the marked functions compiled by tspc from bench/tamed/src. */
export async function tamed() {
  const api = await import("tamed");
  api.configure({ minThreads: THREADS, maxThreads: THREADS });
  const t = await import(tamedOut("tasks.js"));
  const { scopeBatch } = await import(tamedOut("batches.js"));
  return {
    key: "tamed",
    label: `tamed (makeAsync / tamed; configure minThreads = maxThreads = ${THREADS})`,
    inc: t.inc,
    cpu: t.cpu,
    sink: (u8, move) => t.sink(move ? api.transfer(u8) : u8),
    nap: t.nap,
    all: api.awaitAll,
    scopeBatch,
    api,
    close: () => api.shutdown(),
  };
}

// tinypool and piscina share the worker file and the { name, transferList } run options.
function namedExportPool(key, label, pool) {
  const run = (name, arg, transferList) => pool.run(arg, { name, transferList });
  return {
    key,
    label,
    inc: (x) => run("inc", x),
    cpu: (n) => run("cpu", n),
    sink: (u8, move) => run("sink", u8, move ? [u8.buffer] : undefined),
    nap: (ms) => run("nap", ms),
    all: (ps) => Promise.all(ps),
    close: () => pool.destroy(),
  };
}

export async function tinypool() {
  const { Tinypool } = await import("tinypool");
  const pool = new Tinypool({ filename: workerFile("peer"), minThreads: THREADS, maxThreads: THREADS });
  return namedExportPool("tinypool", "tinypool 2.2.0 (defaults: useAtomics, 1 task per worker)", pool);
}

export async function piscina(extra = {}) {
  const { Piscina } = await import("piscina");
  const pool = new Piscina({ filename: workerFile("peer"), minThreads: THREADS, maxThreads: THREADS, ...extra });
  const settings = Object.entries(extra).map(([k, v]) => `${k} ${v}`);
  const key = extra.concurrentTasksPerWorker ? `piscina:ctpw${extra.concurrentTasksPerWorker}` : "piscina";
  return namedExportPool(
    key,
    `piscina 5.3.2 (${settings.length ? settings.join(", ") : "defaults: atomics sync, 1 task per worker"})`,
    pool,
  );
}

export async function workerpool() {
  const { default: wp } = await import("workerpool");
  const pool = wp.pool(workerFile("workerpool"), { minWorkers: THREADS, maxWorkers: THREADS, workerType: "thread" });
  return {
    key: "workerpool",
    label: "workerpool 10.0.3 (workerType thread)",
    inc: (x) => pool.exec("inc", [x]),
    cpu: (n) => pool.exec("cpu", [n]),
    all: (ps) => Promise.all(ps),
    close: () => pool.terminate(),
  };
}

/** synckit: one worker, a blocking call per task; copy only (no per-call transfer list). */
export async function synckit() {
  const { createSyncFn } = await import("synckit");
  const call = createSyncFn(workerFile("synckit"));
  return {
    key: "synckit",
    label: "synckit 0.12.3 (createSyncFn)",
    incSync: (x) => call("inc", x),
    sinkSync: (u8) => call("sink", u8),
  };
}

/** The peers of the pool scenarios, in table order. */
export const pools = () => Promise.all([tinypool(), piscina(), workerpool()]);

/**
 * The contenders of the one-call-at-a-time scenarios (round trip, spaced call), as
 * { key, label, call }: the two raw floors, tamed, and the peers.
 */
export async function oneAtATime() {
  const { rawEcho, rawParked } = await import("./floors.mjs");
  const t = await tamed();
  return [
    {
      key: "raw:echo",
      label: "floor: postMessage → await 'message', worker idle in its event loop",
      call: rawEcho().call,
    },
    {
      key: "raw:atomics-async",
      label: "floor: worker parked in Atomics.wait, main awaits a port message",
      call: rawParked("async").call,
    },
    { key: t.key, label: `${t.label}: \`await inc(x)\``, call: t.inc },
    ...(await pools()).map((p) => ({ key: p.key, label: p.label, call: p.inc })),
  ];
}
