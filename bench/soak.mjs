// npm run bench:soak — 100,000 small tasks and 1,000 scopes in one process (half awaited,
// half waited on; scopes with using and await using, failures and cancellations), then:
// the heap after GC against the heap before, what keeps the event loop alive, and whether
// the process exits by itself. Prints a table; exits non-zero if the heap grew by more than
// 10% and 5 MB, or if the process did not exit by itself.
import { spawnSync } from "node:child_process";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const project = join(here, "soak");
const build = spawnSync(process.execPath, [join(root, "node_modules", "ts-patch", "bin", "tspc.js"), "-p", project], {
  encoding: "utf8",
});
if (build.status !== 0) throw new Error(`building bench/soak failed:\n${build.stdout}${build.stderr}`);

const [tasks = "100000", scopes = "1000"] = process.argv.slice(2);
const started = performance.now();
const run = spawnSync(process.execPath, ["--expose-gc", join(project, "out", "main.js"), tasks, scopes], {
  encoding: "utf8",
  timeout: 600_000,
});
const wall = performance.now() - started;
if (run.status !== 0)
  throw new Error(`the soak run failed (status ${run.status ?? run.signal}):\n${run.stdout}${run.stderr}`);
const r = JSON.parse(run.stdout.trim().split("\n").pop());
const mb = (b) => (b / 1024 / 1024).toFixed(2);
const growth = r.after - r.before;
const ok = growth <= Math.max(0.1 * r.before, 5 * 1024 * 1024);
console.log(
  `## Soak: ${r.tasks.toLocaleString("en")} tasks and ${r.scopes.toLocaleString("en")} scopes in one process\n`,
);
console.log(`Node ${process.version}, ${availableParallelism()} cores.\n`);
console.log(
  "| heap before (after GC) | heap after (after GC) | growth | limit (10% or 5 MB) | run | handles left at the end (besides stdio) | exited by itself |",
);
console.log("| --- | --- | --- | --- | --- | --- | --- |");
console.log(
  `| ${mb(r.before)} MB | ${mb(r.after)} MB | ${growth >= 0 ? "+" : ""}${mb(growth)} MB (${((100 * growth) / r.before).toFixed(1)}%) | ${ok ? "within" : "OVER"} | ${(r.ms / 1000).toFixed(1)} s | ${r.resources.length === 0 ? "none" : r.resources.join(", ")} | yes (${(wall / 1000).toFixed(1)} s wall in all) |`,
);
console.log(`\npool at the end: ${JSON.stringify(r.pool)}`);
process.exitCode = ok ? 0 : 1;
