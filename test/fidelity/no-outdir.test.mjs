// Workers are built from the current sources (issue 11, "stale code"): a project
// without outDir (what `tsc --init` writes) keeps last build's math.js next to
// math.ts; after an edit, the rebuilt workers must run the edit, as the main thread does.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { TSPC, assertAllEqual, background, node, scratchProject } from "./harness.mjs";

/** The edit: v1 -> v2, in the label and in the factor (the module's shape does not change). */
function edit(dir) {
  const file = join(dir, "src", "math.ts");
  writeFileSync(file, readFileSync(file, "utf8").replace('"v1"', '"v2"').replace("x * 10", "x * 20"));
}

for (const [type, project] of [
  ["module", "tsconfig.json"],
  ["commonjs", "tsconfig.cjs.json"],
]) {
  test(`without outDir, a rebuild after an edit gives the workers the edited code ("type": "${type}")`, () => {
    const dir = scratchProject(`no-outdir-${type}`, type);
    const first = node([TSPC, "-p", project], dir);
    const v1 = node([join("src", "main.js")], dir);
    assert.match(v1.stdout, "main thread: v1: 20\n");
    assertAllEqual("the first build", first, v1, 1);
    edit(dir);
    const second = node([TSPC, "-p", project], dir);
    const v2 = node([join("src", "main.js")], dir);
    assert.match(v2.stdout, "main thread: v2: 40\n");
    assertAllEqual("the build after editing src/math.ts (v1 -> v2)", second, v2, 1);
    rmSync(dir, { recursive: true, force: true });
  });
}

/** Resolves once `check()` holds, polling; the watch build is a background process. */
async function until(what, check, log) {
  const started = Date.now();
  while (!check()) {
    // A guard against a watcher that never gets there, not an assertion on time.
    if (Date.now() - started > 120_000) throw new Error(`tspc --watch never got to ${what}:\n${log()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test("tspc --watch without outDir: an edit reaches the workers", async () => {
  const dir = scratchProject("no-outdir-watch", "module");
  const watcher = background([TSPC, "--watch", "--preserveWatchOutput", "-p", "tsconfig.json"], dir);
  const builds = () => (watcher.log().match(/Watching for file changes/g) ?? []).length;
  try {
    await until("the first build", () => builds() === 1, watcher.log);
    const ok = { status: 0, stdout: "", stderr: "" }; // the watcher's diagnostics are checked below
    const v1 = node([join("src", "main.js")], dir);
    assert.match(v1.stdout, "main thread: v1: 20\n");
    assertAllEqual("after the first watch build", ok, v1, 1);
    edit(dir);
    await until("the rebuild after the edit", () => builds() === 2, watcher.log);
    assert.match(watcher.log(), /Found 0 errors\. Watching for file changes\.\s*$/, watcher.log());
    const v2 = node([join("src", "main.js")], dir);
    assert.match(v2.stdout, "main thread: v2: 40\n");
    assertAllEqual("after the watch rebuild of src/math.ts (v1 -> v2)", ok, v2, 1);
  } finally {
    watcher.child.kill();
  }
  rmSync(dir, { recursive: true, force: true });
});

test.run();
