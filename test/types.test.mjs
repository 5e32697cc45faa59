// Type tests: test/types/*.ts compiled with plain tsc --noEmit, with each TypeScript the
// package supports (6, and 5.9 as the devDependency typescript5). What must not compile
// carries // @ts-expect-error, which tsc reports when it is not needed.
import { spawnSync } from "node:child_process";
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

test("public types: under isolatedDeclarations an exported marked function is annotated with Marked<F>", () => {
  const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
  const r = spawnSync(process.execPath, [tsc, "-p", join(ROOT, "test", "types", "isolated")], { encoding: "utf8" });
  assert.is(r.status, 0, r.stdout + r.stderr);
});

test.run();
