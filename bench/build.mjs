// npm run bench:build — what the plugins cost at build time. On the samples' projects:
// plain tsc, tspc without plugins (ts-patch's own cost: it patches the compiler in memory
// on every run), and tspc with the tamed plugin. On a generated project of about a
// thousand modules (bench/esbuild/generate.mjs): esbuild alone, and esbuild with
// tamed/esbuild, without markers and with ten. Run alternately, each in a fresh process.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generate } from "./esbuild/generate.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const tspc = join(root, "node_modules", "ts-patch", "bin", "tspc.js");
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
const REPS = Number(process.argv[2] ?? 7);

function time(compiler, config, outDir) {
  rmSync(outDir, { recursive: true, force: true });
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [compiler, "-p", config, "--outDir", outDir], { encoding: "utf8" });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${compiler} -p ${config} failed:\n${r.stdout}${r.stderr}`);
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (xs) => `${median(xs).toFixed(0)} (${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)})`;

console.log(`## Build cost: tspc + tamed plugin vs plain tsc\n`);
console.log(
  `Node ${process.version}, ${availableParallelism()} cores; ${REPS} builds of each, alternating, a fresh process each; ms median (min-max).\n`,
);
console.log("| project | tsc | tspc, no plugin | tspc + tamed | tspc + tamed / tsc | tspc + tamed / tspc |");
console.log("| --- | --- | --- | --- | --- | --- |");
for (const name of ["primes", "fast-async"]) {
  const project = join(root, "samples", name);
  const config = join(project, "tsconfig.json");
  const bare = join(project, "tsconfig.bench-no-plugin.json");
  const json = JSON.parse(readFileSync(config, "utf8"));
  delete json.compilerOptions.plugins;
  writeFileSync(bare, JSON.stringify(json));
  const runs = { tsc: [], tspc: [], tamed: [], vsTsc: [], vsTspc: [] };
  try {
    for (let i = 0; i < REPS; i++) {
      const a = time(tsc, config, join(project, "out-bench"));
      const b = time(tspc, bare, join(project, "out-bench"));
      const c = time(tspc, config, join(project, "out-bench"));
      runs.tsc.push(a);
      runs.tspc.push(b);
      runs.tamed.push(c);
      runs.vsTsc.push(c / a);
      runs.vsTspc.push(c / b);
    }
  } finally {
    rmSync(bare);
    rmSync(join(project, "out-bench"), { recursive: true, force: true });
  }
  console.log(
    `| samples/${name} | ${fmt(runs.tsc)} | ${fmt(runs.tspc)} | ${fmt(runs.tamed)} | ${median(runs.vsTsc).toFixed(2)}x | ${median(runs.vsTspc).toFixed(2)}x |`,
  );
}

console.log(`\n## Build cost: esbuild + tamed/esbuild vs esbuild alone\n`);
console.log(
  `A generated project of 1,001 modules (bench/esbuild/generate.mjs: 50 utilities, 19 feature folders of 50 modules); ` +
    `${REPS} builds of each, alternating, a fresh process each (node bench/esbuild/build.mjs <dir> plain|tamed); ms median (min-max); ` +
    `the ratio is the median of the pairs' ratios. tamed/esbuild compiles TypeScript from a V8 code cache that its first build writes ` +
    `(node_modules/.cache/tamed/); the last row removes it before each build, as a first build after installing or upgrading TypeScript has none.\n`,
);
console.log("| project | esbuild | esbuild + tamed/esbuild | ratio |");
console.log("| --- | --- | --- | --- |");
const esbuildBuild = join(root, "bench", "esbuild", "build.mjs");
const codeCache = join(root, "node_modules", ".cache", "tamed");
function timeEsbuild(dir, mode) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [esbuildBuild, dir, mode], { encoding: "utf8" });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`esbuild ${mode} in ${dir} failed:\n${r.stdout}${r.stderr}`);
  return ms;
}
for (const { label, markers, depth, cold = false } of [
  { label: "no markers", markers: 0, depth: 5 },
  { label: "ten markers, each importing ~6 modules of its folder", markers: 10, depth: 5 },
  { label: "ten markers, each importing its folder's 49 others", markers: 10, depth: 49 },
  { label: "the same, without the code cache (a first build)", markers: 10, depth: 49, cold: true },
]) {
  const dir = join(root, "bench", "esbuild", `project-${markers}-${depth}`);
  generate(dir, markers, depth);
  const runs = { plain: [], tamed: [], ratio: [] };
  try {
    timeEsbuild(dir, "tamed"); // a first build, not counted: the file system cache (and the code cache)
    for (let i = 0; i < REPS; i++) {
      const a = timeEsbuild(dir, "plain");
      if (cold) rmSync(codeCache, { recursive: true, force: true });
      const b = timeEsbuild(dir, "tamed");
      runs.plain.push(a);
      runs.tamed.push(b);
      runs.ratio.push(b / a);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`| ${label} | ${fmt(runs.plain)} | ${fmt(runs.tamed)} | ${median(runs.ratio).toFixed(2)}x |`);
}
