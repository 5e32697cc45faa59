// node bench/build-ts7.mjs [reps] — what `npx tamed build` costs on TypeScript 7 against
// TypeScript 7's own `tsc -p` (which type-checks and emits JavaScript too, but no worker
// modules). On samples/primes and on the generated 1,001-module projects of bench:build
// (bench/esbuild/generate.mjs) with ten markers. Each project is a copy whose `typescript`
// is the repository's TypeScript 7 (devDependency `typescript7`), as a project on 7 has it.
// Alternating, a fresh process each; ms median (min-max), the ratio the median of the pairs'.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generate } from "./esbuild/generate.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const typescript7 = join(root, "node_modules", "typescript7");
const tsc7 = join(typescript7, "bin", "tsc");
const cli = join(root, "dist", "cli", "index.js");
const REPS = Number(process.argv[2] ?? 5);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (xs) =>
  `${(median(xs) / 1000).toFixed(2)} s (${(Math.min(...xs) / 1000).toFixed(2)}-${(Math.max(...xs) / 1000).toFixed(2)})`;

function time(args, cwd) {
  rmSync(join(cwd, "out"), { recursive: true, force: true });
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd, encoding: "utf8" });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(" ")} in ${cwd} failed:\n${r.stdout}${r.stderr}`);
  return ms;
}

/** Gives `dir` a node_modules/typescript that is TypeScript 7. */
function onTypeScript7(dir) {
  mkdirSync(join(dir, "node_modules"), { recursive: true });
  rmSync(join(dir, "node_modules", "typescript"), { recursive: true, force: true });
  symlinkSync(typescript7, join(dir, "node_modules", "typescript"), "dir");
}

/** bench:build's project, with Node's types: esbuild alone never type-checks it, tsc does (its main logs). */
function generated(dir, depth) {
  generate(dir, 10, depth);
  const file = join(dir, "tsconfig.json");
  const config = JSON.parse(readFileSync(file, "utf8"));
  config.compilerOptions.types = ["node"];
  writeFileSync(file, JSON.stringify(config, null, 2) + "\n");
}

const projects = [
  {
    label: "samples/primes",
    make(dir) {
      cpSync(join(root, "samples", "primes"), dir, {
        recursive: true,
        filter: (s) => !/[\\/](?:out|node_modules)$/.test(s),
      });
    },
  },
  { label: "1,001 modules, ten markers importing ~6 modules", make: (dir) => generated(dir, 5) },
  { label: "1,001 modules, ten markers importing 49 modules", make: (dir) => generated(dir, 49) },
];

console.log(`## Build cost on TypeScript 7: npx tamed build vs TypeScript 7's tsc\n`);
console.log(
  `Node ${process.version}, ${availableParallelism()} cores, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}; ${REPS} builds of each, alternating, a fresh process each.\n`,
);
console.log("| project | TypeScript 7 `tsc -p` | `npx tamed build` | ratio |");
console.log("| --- | --- | --- | --- |");
for (const { label, make } of projects) {
  const dir = join(root, "bench", "esbuild", `.tmp-ts7-${projects.findIndex((p) => p.label === label)}`);
  rmSync(dir, { recursive: true, force: true });
  make(dir);
  onTypeScript7(dir);
  const runs = { tsc: [], tamed: [], ratio: [] };
  try {
    time([cli, "build"], dir); // a first build, not counted: the file system cache
    for (let i = 0; i < REPS; i++) {
      const a = time([tsc7, "-p", "."], dir);
      const b = time([cli, "build"], dir);
      runs.tsc.push(a);
      runs.tamed.push(b);
      runs.ratio.push(b / a);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`| ${label} | ${fmt(runs.tsc)} | ${fmt(runs.tamed)} | ${median(runs.ratio).toFixed(2)}x |`);
}
