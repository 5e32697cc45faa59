// Runs a small program in its own Node process, from test/runtime: each test owns its
// pool, and a crash or a hang stays in that process. Programs import "tamed" (the
// built package) and "./define.mjs" (marked functions without tspc).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const PROGRAMS = join(HERE, ".programs");

/** A program that outlives this has hung: the result says so instead of the test waiting forever. */
const HANG_MS = 30_000;

/**
 * Writes `source` as an ES module beside define.mjs and runs it with `node`.
 * Returns stdout, stderr, the exit status, and `hung` when it was killed at `timeoutMs`.
 */
export function program(source, { timeoutMs = HANG_MS, env = {}, nodeArgs = [], args = [] } = {}) {
  mkdirSync(PROGRAMS, { recursive: true });
  const file = join(PROGRAMS, `${createHash("sha1").update(source).digest("hex").slice(0, 12)}.mjs`);
  writeFileSync(file, source.replaceAll('from "./define.mjs"', 'from "../define.mjs"'));
  const e = { ...process.env, NO_COLOR: "1", ...env };
  delete e.FORCE_COLOR;
  if (env.TAMED_INLINE === undefined) delete e.TAMED_INLINE;
  const started = performance.now();
  const r = spawnSync(process.execPath, [...nodeArgs, file, ...args], {
    cwd: HERE,
    env: e,
    encoding: "utf8",
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  return {
    status: r.status,
    signal: r.signal,
    stdout: r.stdout ?? "",
    stderr: r.stderr ?? "",
    ms: performance.now() - started,
    hung: r.error?.code === "ETIMEDOUT",
    file,
  };
}

/** The program's output, for assertion messages. */
export function shown(r) {
  return `status ${r.status}${r.hung ? " (hung)" : ""}\n--- stdout\n${r.stdout}--- stderr\n${r.stderr}--- program ${r.file}`;
}
