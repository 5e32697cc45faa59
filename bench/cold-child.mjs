// One cold start, in a fresh process (started by scenarios/cold-start.mjs):
//   node bench/cold-child.mjs <variant>
// Imports the package (timed apart), creates the pool, awaits the first result, prints JSON.
import { Worker } from "node:worker_threads";
import { tamedOut, THREADS } from "./contenders.mjs";

const peerWorker = new URL("./workers/peer.mjs", import.meta.url);
const eager = { minThreads: THREADS, maxThreads: THREADS };

// Each variant: load() imports what a user would import; start(mod) returns the first result.
const variants = {
  "raw-1": {
    load: async () => null,
    start: () =>
      new Promise((resolve, reject) => {
        const w = new Worker(new URL("./workers/raw-echo.mjs", import.meta.url));
        w.once("message", resolve).once("error", reject);
        w.postMessage(1);
      }),
  },
  tamed: {
    load: () => import(tamedOut("tasks.js")), // imports tamed itself
    start: (t) => t.inc(1),
  },
  "tamed:min2": {
    load: () => Promise.all([import("tamed"), import(tamedOut("tasks.js"))]),
    start: ([api, t]) => (api.configure(eager), t.inc(1)),
  },
  tinypool: {
    load: () => import("tinypool"),
    start: ({ Tinypool }) => new Tinypool({ filename: peerWorker.href, ...eager }).run(1, { name: "inc" }),
  },
  piscina: {
    load: () => import("piscina"),
    start: ({ Piscina }) => new Piscina({ filename: peerWorker.href, ...eager }).run(1, { name: "inc" }),
  },
  workerpool: {
    load: () => import("workerpool"),
    start: ({ default: wp }) =>
      wp
        .pool(new URL("./workers/workerpool.mjs", import.meta.url).pathname, {
          minWorkers: THREADS,
          maxWorkers: THREADS,
          workerType: "thread",
        })
        .exec("inc", [1]),
  },
};

const v = variants[process.argv[2]];
const t0 = performance.now();
const mod = await v.load();
const t1 = performance.now();
const value = await v.start(mod);
const t2 = performance.now();
if (value !== 2) throw new Error(`wrong result: ${process.argv[2]} first result ${value}`);
// performance.now() counts from the process's start, so t2 is start → first result.
process.stdout.write(JSON.stringify({ importMs: t1 - t0, firstMs: t2 - t1, sinceStartMs: t2 }) + "\n");
process.exit(0);
