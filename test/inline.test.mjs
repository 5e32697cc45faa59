// Inline mode: marked functions run on the calling thread, with the same API, for
// code that runs without the tamed build (here tsx, running TypeScript sources directly).
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { FIXTURES, ROOT } from "./helpers.mjs";

const TSX = join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");

function tsx(file, env = {}) {
  const vars = { ...process.env, NO_COLOR: "1", ...env };
  delete vars.FORCE_COLOR;
  if (env.TAMED_INLINE === undefined) delete vars.TAMED_INLINE;
  return spawnSync(process.execPath, [TSX, file], { cwd: ROOT, encoding: "utf8", env: vars, timeout: 60_000 });
}

test("tsx with TAMED_INLINE=1 runs every marker form on the calling thread, with the same API, no build", () => {
  const r = tsx(join(FIXTURES, "inline-tsx", "src", "main.ts"), { TAMED_INLINE: "1" });
  assert.is(r.status, 0, r.stderr);
  assert.is(
    r.stdout,
    [
      "makeAsync: true 42 success | runs on the calling thread",
      "tamed, awaited: later 1 | awaitAll: [ 2, 'later 2' ]",
      "error: RangeError inline failure",
      "wait() on an inline async task: true",
      "declaration: 2 | decorator: 12",
      "",
    ].join("\n"),
  );
});

test("tsx without TAMED_INLINE: a marked function explains that it was not compiled", () => {
  const r = tsx(join(FIXTURES, "inline", "src", "main.ts"));
  assert.is(r.status, 0, r.stderr);
  assert.match(
    r.stdout,
    /^NotCompiledError: A function marked with makeAsync\(\) was not compiled by the tamed transformer/,
  );
});

function vitest(config) {
  const vars = { ...process.env, NO_COLOR: "1", CI: "1" };
  delete vars.FORCE_COLOR;
  delete vars.TAMED_INLINE;
  const cli = join(ROOT, "node_modules", "vitest", "vitest.mjs");
  return spawnSync(process.execPath, [cli, "run", "--config", config], {
    cwd: join(FIXTURES, "vitest"),
    encoding: "utf8",
    env: vars,
    timeout: 120_000,
  });
}

test("vitest with TAMED_INLINE=1 (in its config's env) tests marked functions from the sources, no build", () => {
  const r = vitest("vitest.config.mjs");
  assert.is(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /Tests\s+3 passed \(3\)/);
});

test("vitest without inline mode: the failures name the missing setup", () => {
  const r = vitest("vitest.no-inline.config.mjs");
  assert.is(r.status, 1);
  assert.match(r.stdout + r.stderr, "NotCompiledError");
  assert.match(r.stdout + r.stderr, "TAMED_INLINE=1");
});

function jest(fixture, config, extraEnv = {}) {
  const vars = { ...process.env, TAMED_INLINE: "1", NO_COLOR: "1", CI: "1", ...extraEnv };
  delete vars.FORCE_COLOR;
  const cli = join(ROOT, "node_modules", "jest", "bin", "jest.js");
  return spawnSync(process.execPath, [cli, "--config", config], {
    cwd: join(FIXTURES, fixture),
    encoding: "utf8",
    env: vars,
    timeout: 120_000,
  });
}

test('jest in CommonJS mode, with "tamed" mapped to tamed/cjs: marked functions run inline, no build', () => {
  const r = jest("jest-cjs", "jest.config.cjs");
  assert.is(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stderr, /Tests:\s+2 passed, 2 total/);
});

test("jest in ES module mode (--experimental-vm-modules): tamed imported as it is, marked functions run inline", () => {
  const r = jest("jest-esm", "jest.config.mjs", { NODE_OPTIONS: "--experimental-vm-modules" });
  assert.is(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stderr, /Tests:\s+1 passed, 1 total/);
});

test.run();
