// Type tests: test/types/*.ts compiled with plain tsc --noEmit, with each TypeScript the
// package supports (6, and 5.9 as the devDependency typescript5). What must not compile
// carries // @ts-expect-error, which tsc reports when it is not needed.
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { ROOT } from "./helpers.mjs";

for (const [label, pkg] of [
  ["TypeScript 6", "typescript"],
  ["TypeScript 5.9", "typescript5"],
]) {
  test(`public types (${label}): markers keep parameter types, tasks are promises of the result, options are checked, every asCompleted loop gives futures`, () => {
    const tsc = join(ROOT, "node_modules", pkg, "bin", "tsc");
    const r = spawnSync(process.execPath, [tsc, "-p", join(ROOT, "test", "types")], { encoding: "utf8" });
    assert.is(r.status, 0, r.stdout + r.stderr);
  });
}

// @types/node 26 dropped TransferListItem (renamed Transferable), which tamed's declarations
// named: with it, every user's tsc failed with TS2305 in node_modules/tamed (skipLibCheck off).
test("public types compile against @types/node 26 (no TransferListItem) as against 20", () => {
  const dir = join(ROOT, "test", "types", "node26", "types");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  symlinkSync(join(ROOT, "node_modules", "@types", "node26"), join(dir, "node"), "dir");
  const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
  const r = spawnSync(process.execPath, [tsc, "-p", join(ROOT, "test", "types", "node26"), "--listFiles"], {
    encoding: "utf8",
  });
  assert.is(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /@types\/node26\/worker_threads\.d\.ts/, "type-checked against @types/node 26");
  assert.not.match(r.stdout, /@types\/node\/worker_threads\.d\.ts/, "and not against the @types/node 20 beside it");
});

test("public types: under isolatedDeclarations an exported marked function is annotated with Marked<F>", () => {
  const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
  const r = spawnSync(process.execPath, [tsc, "-p", join(ROOT, "test", "types", "isolated")], { encoding: "utf8" });
  assert.is(r.status, 0, r.stdout + r.stderr);
});

test.run();
