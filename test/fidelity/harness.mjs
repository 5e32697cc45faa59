// Shared by the fidelity tests: build a project, run its differential runner
// (corpus/src/runner.ts), read its one-line-per-case report.
import { spawn as spawnAsync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as assert from "uvu/assert";

export const HERE = dirname(fileURLToPath(import.meta.url));
export const CORPUS = join(HERE, "corpus");
export const TSPC = join(HERE, "..", "..", "node_modules", "ts-patch", "bin", "tspc.js");

/** A child that outlives this is treated as hung (a guard, not an assertion on time). */
const HANG_MS = 180_000;

function childEnv() {
  const env = { ...process.env, NO_COLOR: "1" };
  delete env.FORCE_COLOR;
  delete env.TAMED_INLINE;
  return env;
}

/** `node ...args` in `cwd`; fails the test if it hangs. */
export function node(args, cwd) {
  const started = performance.now();
  const r = spawnSync(process.execPath, args, { cwd, env: childEnv(), encoding: "utf8", timeout: HANG_MS });
  const out = { status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "", ms: performance.now() - started };
  assert.not.ok(r.error?.code === "ETIMEDOUT", `node ${args.join(" ")} in ${cwd} hung:\n${out.stdout}${out.stderr}`);
  return out;
}

/** `node ...args` in `cwd`, in the background (tspc --watch); `log()` is its output so far. */
export function background(args, cwd) {
  const child = spawnAsync(process.execPath, args, { cwd, env: childEnv() });
  let log = "";
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  return { child, log: () => log };
}

/** The runner's lines, `name: verdict`, as a Map (the summary and unhandled rejections apart). */
export function verdicts(stdout) {
  const cases = new Map();
  const other = [];
  for (const line of stdout.split("\n")) {
    const m = /^([\w.-]+): (.*)$/.exec(line);
    if (m === null || m[1] === "summary" || m[1] === "unhandled rejection" || m[1] === "main thread") {
      if (line.trim() !== "") other.push(line);
      continue;
    }
    cases.set(m[1], m[2]);
  }
  return { cases, other };
}

/**
 * Asserts that the build reported nothing, that the run finished, that exactly `cases`
 * cases were reported (a case that vanished from a build would otherwise pass unseen), and
 * that every one is `equal`. The message lists the
 * build's diagnostics and every failing case at once.
 *
 * For a build tool whose output differs from Node's own run of the code, `options` lists
 * what that tool does: `known`, the cases that differ between a worker and inline, each
 * with the verdict the run must print (`{ verdict: RegExp, why }`: a case that stops
 * differing fails too, so that its entry goes); `leftOut`, the cases the tool cannot carry,
 * left out of its build (`{ name: why }`), which the run must not report.
 */
export function assertAllEqual(label, build, run, expected, { known = {}, leftOut = {} } = {}) {
  const { cases, other } = verdicts(run.stdout);
  const failing = [...cases].filter(([n, v]) => v !== "equal" && !(n in known)).map(([n, v]) => `  ${n}: ${v}`);
  const problems = [];
  if (build.status !== 0 || build.stdout.trim() !== "")
    problems.push(`the build (exit ${build.status}) reported:\n${build.stdout}${build.stderr}`);
  if (run.status !== 0)
    problems.push(`the run exited with ${run.status}:\n${run.stderr.split("\n").slice(0, 20).join("\n")}`);
  if (cases.size !== expected) problems.push(`${cases.size} cases were reported, and the corpus has ${expected}`);
  const unhandled = other.filter((l) => l.startsWith("unhandled rejection"));
  if (unhandled.length > 0) problems.push(unhandled.join("\n"));
  if (failing.length > 0)
    problems.push(
      `${failing.length} of ${cases.size} cases differ between a worker and inline:\n${failing.join("\n")}`,
    );
  for (const [name, { verdict, why }] of Object.entries(known)) {
    const v = cases.get(name);
    if (v === undefined) problems.push(`${name} (a known difference: ${why}) was not reported`);
    else if (!verdict.test(v))
      problems.push(`${name} was expected to differ (${why}) as ${verdict}, and the run says:\n  ${name}: ${v}`);
  }
  for (const [name, why] of Object.entries(leftOut))
    if (cases.has(name)) problems.push(`${name} was to be left out of this build (${why}), and it ran`);
  assert.ok(problems.length === 0, `${label}:\n${problems.join("\n\n")}`);
}

/**
 * A scratch copy of the no-outDir project (no-outdir/) with the corpus runner and a
 * package.json of the given "type", under test/fidelity/.tmp-<name> (so that `tamed`
 * resolves from the repository's node_modules).
 */
export function scratchProject(name, type) {
  const dir = join(HERE, `.tmp-${name}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(join(HERE, "no-outdir"), dir, { recursive: true });
  cpSync(join(CORPUS, "src", "runner.ts"), join(dir, "src", "runner.ts"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ private: true, type }) + "\n");
  return dir;
}

/**
 * What a bundler plugin's build on TypeScript 5.9 or 6 does not follow, as the README's limits
 * say: its analysis reads the files with markers and what they import, not the bundle's entry.
 * On TypeScript 7 the analysis reads the tsconfig's whole program, and the case is equal.
 */
export const ENTRY_UNSEEN = {
  "polyfill-package-imported-by-the-entry": {
    verdict:
      /^DIFFERENT \(input 1 of 2: .*\) worker=\{ counts: \{ a: 1, b: 3, c: 1 \}, how: 'fallback' \} \/ inline=\{ counts: \{ b: 3, a: 1, c: 1 \}, how: 'built-in' \}$/,
    why: "DEFECT (tamed's: a bundler plugin's analysis on TypeScript 5.9 and 6 does not see the entry): the worker module does not import first the polyfill package the entry imports for its effect, and the function takes its fallback on a worker",
  },
};

/**
 * The corpus' cases in each build (corpus/src/shared-cases.ts and the format's own cases.ts; the
 * README's compatibility section quotes the number): 74 shared, 8 of each format.
 */
export const CORPUS_CASES = 82;

const MODULES = join(HERE, "..", "..", "node_modules");
/** The repository's TypeScript 7 (devDependency `typescript7`, npm:typescript@7.0.2). */
export const TYPESCRIPT7 = join(MODULES, "typescript7");
/** The repository's TypeScript 5.9 and ts-patch 3.3 (devDependencies `typescript5`, `ts-patch3`). */
export const TYPESCRIPT5 = join(MODULES, "typescript5");
export const TS_PATCH3 = join(MODULES, "ts-patch3");
/** tamed's CLI as the repository builds it (`npx tamed` in a project). */
export const TAMED_CLI = join(HERE, "..", "..", "dist", "cli", "index.js");

/**
 * A copy of `from` under test/fidelity/.tmp-<name> whose node_modules/<package> are links to
 * the given folders (`{ typescript: TYPESCRIPT7 }`), as a project with those versions installed
 * has them; everything else resolves from the repository's node_modules. Build outputs are not copied.
 */
export function tsProject(from, name, packages) {
  const dir = join(HERE, `.tmp-${name}`);
  rmSync(dir, { recursive: true, force: true });
  cpSync(from, dir, { recursive: true, filter: (src) => !/[\\/](?:out|dist|bundles)$/.test(src) });
  mkdirSync(join(dir, "node_modules"), { recursive: true });
  for (const [pkg, target] of Object.entries(packages)) symlinkSync(target, join(dir, "node_modules", pkg), "dir");
  return dir;
}

/**
 * A copy of `from` under test/fidelity/.tmp-ts7-<name> whose `typescript` is TypeScript 7,
 * as a project on TypeScript 7 has it (the repository's own `typescript` is 6).
 */
export function ts7Project(from, name) {
  return tsProject(from, `ts7-${name}`, { typescript: TYPESCRIPT7 });
}

/**
 * A copy of `from` under test/fidelity/.tmp-ts5-<name> whose `typescript` is TypeScript 5.9
 * and `ts-patch` is ts-patch 3.3, what `npx tamed setup` installs on Node below 22.15.
 */
export function ts5Project(from, name) {
  return tsProject(from, `ts5-${name}`, { typescript: TYPESCRIPT5, "ts-patch": TS_PATCH3 });
}
