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
  assert.match(r.stdout, /^NotCompiledError: A function marked with makeAsync\(\) was not compiled by the tamed transformer/);
});

test.run();
