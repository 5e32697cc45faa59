// npm run bench — tamed against tinypool, piscina, workerpool, synckit and hand-written floors.
//   node bench/run.mjs [--quick] [--only=1,3]
// Builds bench/tamed with tspc, runs each scenario in a fresh `node --expose-gc` process,
// prints markdown tables on stdout (progress on stderr) and writes bench/results/.
import { execFileSync, spawnSync } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { benchDir } from "./measure.mjs";
import { chartSvg, renderScenario, targetsTable } from "./report.mjs";

const root = join(benchDir, "..");
const SCENARIOS = [
  { n: 1, name: "roundtrip", title: "Round trip, one task at a time (`x => x + 1`)" },
  { n: 2, name: "throughput", title: "Throughput: a burst of trivial tasks" },
  { n: 3, name: "sync-call", title: "Synchronous call of a trivial function" },
  { n: 4, name: "cpu-scaling", title: "CPU scaling: 8 tasks of ~100 ms on 2 threads" },
  { n: 5, name: "payload", title: "Payload: a Uint8Array argument, copied or transferred" },
  { n: 6, name: "cold-start", title: "Cold start: fresh process → first result" },
  { n: 7, name: "async-io", title: "tamed async I/O: concurrent sleeps sharing workers" },
  { n: 8, name: "scope", title: "An `await using` scope of 1,000 tiny tasks" },
  { n: 9, name: "spaced", title: "A spaced call: one call after 5 ms idle" },
  { n: 10, name: "cluster", title: "Cluster: tamed/bullmq against raw BullMQ (needs redis-server)" },
];

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const onlyArg = args.find((a) => a.startsWith("--only="));
const only = onlyArg ? onlyArg.slice("--only=".length).split(",").map(Number) : null;
const unknown = args.filter((a) => a !== "--quick" && !a.startsWith("--only="));
if (unknown.length || only?.some((n) => !SCENARIOS.some((s) => s.n === n))) {
  console.error(`usage: node bench/run.mjs [--quick] [--only=1,3]  (scenarios 1-${SCENARIOS.length})`);
  process.exit(2);
}
const chosen = SCENARIOS.filter((s) => !only || only.includes(s.n));
const log = (msg) => process.stderr.write(`${msg}\n`);
const started = new Date();
const t0 = performance.now();

log("building bench/tamed with tspc");
const build = spawnSync(
  process.execPath,
  [join(root, "node_modules", "ts-patch", "bin", "tspc.js"), "-p", join(benchDir, "tamed")],
  { encoding: "utf8" },
);
if (build.status !== 0) {
  console.error(`building bench/tamed failed:\n${build.stdout}${build.stderr}`);
  process.exit(1);
}

const version = (pkg) => JSON.parse(readFileSync(join(root, "node_modules", pkg, "package.json"), "utf8")).version;
const git = (...a) => execFileSync("git", a, { cwd: root, encoding: "utf8" }).trim();
const dirty = git("status", "--porcelain", "--", "runtime", "transformer") !== "";
const meta = {
  date: started.toISOString(),
  node: process.version,
  cpu: cpus()[0]?.model ?? "unknown",
  cores: cpus().length,
  availableParallelism: availableParallelism(),
  memGiB: Math.round(totalmem() / 2 ** 30),
  // Other work on the machine shows here first: on 2 cores, CPU scaling needs both free.
  loadAvgAtStart: loadavg().map((l) => Number(l.toFixed(2))),
  mode: quick ? "quick (tiny parameters: numbers are meaningless)" : "full",
  commit: `${git("rev-parse", "--short", "HEAD")}${dirty ? " (runtime or transformer changed since)" : ""}`,
  packages: Object.fromEntries(
    ["tinypool", "piscina", "workerpool", "synckit", "typescript", "ts-patch"].map((p) => [p, version(p)]),
  ),
};
const header = (wallS) =>
  [
    `## tamed benchmarks — ${meta.date}${quick ? " (--quick)" : ""}`,
    "",
    `Node ${meta.node}, ${meta.cpu}, ${meta.cores} cores (availableParallelism ${meta.availableParallelism}), ${meta.memGiB} GiB RAM, load average at start ${meta.loadAvgAtStart.join(" / ")} (1 / 5 / 15 min). ` +
      `tamed at ${meta.commit}; ${Object.entries(meta.packages)
        .map(([p, v]) => `${p}@${v}`)
        .join(", ")}. ` +
      `Every pool has 2 threads started eagerly (tamed: \`configure({ minThreads: 2, maxThreads: 2 })\`; peers: min = max = 2). ` +
      `Each scenario runs in a fresh \`node --expose-gc\` process with all its contenders alive at once, measured interleaved; ratios are medians of per-repetition ratios. Every result is checked.` +
      (wallS === undefined ? "" : ` Suite wall time: ${wallS.toFixed(0)} s.`),
    `Mode: ${meta.mode}. Scenarios: ${chosen.map((s) => s.n).join(", ")}.`,
  ].join("\n");
console.log(header());

/** Share of all cores' time spent idle over `ms`: other work on the machine skews every figure, CPU scaling most. */
async function idleShare(ms = 1000) {
  const total = () =>
    cpus().reduce(
      (a, c) => ({ idle: a.idle + c.times.idle, all: a.all + Object.values(c.times).reduce((x, y) => x + y, 0) }),
      { idle: 0, all: 0 },
    );
  const a = total();
  await sleep(ms);
  const b = total();
  return (b.idle - a.idle) / (b.all - a.all);
}

const results = {};
const sections = [];
const chart = [];
const targets = [];
for (const s of chosen) {
  const idle = await idleShare();
  log(`[${s.n}] ${s.title} (machine ${(100 * idle).toFixed(0)}% idle before it)`);
  const child = spawnSync(
    process.execPath,
    ["--expose-gc", join(benchDir, "scenario.mjs"), s.name, quick ? "1" : "0"],
    {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
      maxBuffer: 64 * 2 ** 20,
      timeout: 600_000,
    },
  );
  const line = child.stdout.split("\n").find((l) => l.startsWith("@@RESULT "));
  if (child.status !== 0 || !line) {
    console.error(`scenario ${s.n} (${s.name}) failed (${child.status ?? child.signal}); aborting.\n${child.stdout}`);
    process.exit(1);
  }
  const result = JSON.parse(line.slice("@@RESULT ".length));
  results[s.name] = { ...result, idleBefore: idle };
  const r = renderScenario(s.name, result);
  const idleNote =
    idle < 0.9
      ? `**The machine was only ${(100 * idle).toFixed(0)}% idle in the second before this scenario: other work was running.**`
      : `The machine was ${(100 * idle).toFixed(0)}% idle in the second before this scenario.`;
  const section = `### ${s.n}. ${s.title}\n\n${idleNote}\n\n${r.md}`;
  console.log(`\n${section}`);
  sections.push(section);
  chart.push(...r.chart);
  targets.push(...r.targets);
}

const wallS = (performance.now() - t0) / 1000;
const targetsSection = `### Targets\n\n${targets.length ? targetsTable(targets) : "(none of the scenarios with a target ran)"}`;
console.log(`\n${targetsSection}\n\nSuite wall time: ${wallS.toFixed(0)} s.`);

const dir = join(benchDir, "results");
mkdirSync(dir, { recursive: true });
const stamp = meta.date.replace(/[:.]/g, "-") + (quick ? "-quick" : "");
const md = [header(wallS), ...sections, targetsSection].join("\n\n") + "\n";
writeFileSync(join(dir, `${stamp}.md`), md);
writeFileSync(join(dir, `${stamp}.json`), JSON.stringify({ meta: { ...meta, wallS }, results }, null, 1) + "\n");
const files = [`${stamp}.md`, `${stamp}.json`];
// latest.* stand for the whole suite: only a complete full run replaces them.
if (!quick && !only) {
  writeFileSync(join(dir, "latest.md"), md);
  writeFileSync(
    join(dir, "latest.svg"),
    chartSvg(chart, `tamed vs best peer — ${meta.date}, Node ${meta.node}, ${meta.cores} cores`) + "\n",
  );
  files.push("latest.md", "latest.svg");
}
log(`wrote ${files.map((f) => `bench/results/${f}`).join(", ")} in ${wallS.toFixed(0)} s`);
