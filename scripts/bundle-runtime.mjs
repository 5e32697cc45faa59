// Part of `npm run build`, after tsc: the runtime as two single-file ES modules, one
// for the package entry and one for the worker threads' entry. Loading one file
// instead of twenty is about half of a cold start's module loading, on the calling
// thread and again in every new worker. tsc's per-module output stays beside them for
// the declarations. No source maps for the bundles: workers run with source maps
// enabled (for the user's frames), and parsing the runtime's map cost each new worker
// about 5 ms; the runtime's own frames are hidden from task errors anyway.
import { build, buildSync } from "esbuild";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const dist = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "runtime");
const bundles = [
  { out: "tamed.js", entry: "bundle.js", format: "esm" },
  { out: "worker.js", entry: join("worker", "entry.js"), format: "esm" },
  // For jest's CommonJS mode only (package export "tamed/cjs"): its module loader cannot
  // require() an ES module, as Node 20.19+ itself can. The worker entry stays ES.
  { out: "tamed.cjs", entry: "bundle.js", format: "cjs" },
];
for (const { out, entry, format } of bundles) {
  buildSync({
    entryPoints: [join(dist, entry)],
    outfile: join(dist, out),
    bundle: true,
    platform: "node",
    format,
    target: "node20",
    sourcemap: false,
    logLevel: "warning",
    // CommonJS has no import.meta: the module's own URL, from __filename.
    ...(format === "cjs"
      ? {
          define: { "import.meta.url": "__tamedModuleUrl" },
          banner: { js: 'const __tamedModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
        }
      : {}),
  });
}

// tamed/bullmq (the cluster backend): bullmq and ioredis stay imports (optional peer
// dependencies), and the runtime is not copied in: its one import of the runtime
// (../bundle.js) becomes ./tamed.js, the package's own bundle beside it, so that it
// shares one AsyncTask class, one pool and the error classes users import from "tamed".
for (const [entry, out] of [
  [join("bullmq", "index.js"), "bullmq.js"],
  // The thread that watches a cluster call's job while a wait() blocks (runtime/bullmq/waiter.ts).
  [join("bullmq", "waiter.js"), "bullmq-waiter.js"],
]) {
  await build({
    entryPoints: [join(dist, entry)],
    outfile: join(dist, out),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    sourcemap: false,
    logLevel: "warning",
    external: ["bullmq", "ioredis"],
    plugins: [
      {
        name: "tamed-runtime",
        setup(b) {
          b.onResolve({ filter: /^\.\.\/bundle\.js$/ }, () => ({ path: "./tamed.js", external: true }));
        },
      },
    ],
  });
}
