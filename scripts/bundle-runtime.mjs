// Part of `npm run build`, after tsc: the runtime as two single-file ES modules, one
// for the package entry and one for the worker threads' entry. Loading one file
// instead of twenty is about half of a cold start's module loading, on the calling
// thread and again in every new worker. tsc's per-module output stays beside them for
// the declarations. No source maps for the bundles: workers run with source maps
// enabled (for the user's frames), and parsing the runtime's map cost each new worker
// about 5 ms; the runtime's own frames are hidden from task errors anyway.
import { buildSync } from "esbuild";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const dist = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "runtime");
const bundles = { "tamed.js": "index.js", "worker.js": join("worker", "entry.js") };
for (const [out, entry] of Object.entries(bundles)) {
  buildSync({
    entryPoints: [join(dist, entry)],
    outfile: join(dist, out),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    sourcemap: false,
    logLevel: "warning",
  });
}
