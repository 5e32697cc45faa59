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

for (const { label, first, second } of [
  { label: '"type": "module"', first: ["module", "tsconfig.json"], second: ["module", "tsconfig.json"] },
  { label: '"type": "commonjs"', first: ["commonjs", "tsconfig.cjs.json"], second: ["commonjs", "tsconfig.cjs.json"] },
  // A project moved from CommonJS to ES modules: last build's math.js is CommonJS.
  {
    label: "CommonJS, then moved to ES modules",
    first: ["commonjs", "tsconfig.cjs.json"],
    second: ["module", "tsconfig.json"],
  },
]) {
  test(`without outDir, a rebuild after an edit gives the workers the edited code (${label})`, () => {
    const dir = scratchProject(`no-outdir-${first[0]}-${second[0]}`, first[0]);
    const build1 = node([TSPC, "-p", first[1]], dir);
    const v1 = node([join("src", "main.js")], dir);
    assert.match(v1.stdout, "main thread: v1: 20\n");
    assertAllEqual("the first build", build1, v1, 1);
    edit(dir);
    writeFileSync(join(dir, "package.json"), JSON.stringify({ private: true, type: second[0] }) + "\n");
    const build2 = node([TSPC, "-p", second[1]], dir);
    const v2 = node([join("src", "main.js")], dir);
    assert.match(v2.stdout, "main thread: v2: 40\n");
    assertAllEqual("the build after editing src/math.ts (v1 -> v2)", build2, v2, 1);
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
    await until("the first build", () => builds() >= 1, watcher.log);
    assert.match(watcher.log(), "Found 0 errors. Watching for file changes.", watcher.log());
    const ok = { status: 0, stdout: "", stderr: "" }; // the watcher's own diagnostics are checked from its log
    const v1 = node([join("src", "main.js")], dir);
    assert.match(v1.stdout, "main thread: v1: 20\n");
    assertAllEqual("after the first watch build", ok, v1, 1);
    edit(dir);
    // Not "a second build": the first build's own output (a new __tamed__/ folder in the
    // watched project) makes tsc build once more by itself, and that build may end before
    // or after the edit. Wait for the emitted math.js to hold the edit and for every build
    // the watcher started to have ended (the edit's build writes its worker modules before it ends).
    const mathJs = join(dir, "src", "math.js");
    const idle = () => (watcher.log().match(/Starting (incremental )?compilation/g) ?? []).length === builds();
    await until(
      "the rebuild after the edit",
      () => readFileSync(mathJs, "utf8").includes('"v2"') && idle(),
      watcher.log,
    );
    const counts = [...watcher.log().matchAll(/Found (\d+) errors?\. Watching for file changes/g)].map((m) => m[1]);
    assert.equal(
      counts,
      counts.map(() => "0"),
      watcher.log(),
    );
    const v2 = node([join("src", "main.js")], dir);
    assert.match(v2.stdout, "main thread: v2: 40\n");
    assertAllEqual("after the watch rebuild of src/math.ts (v1 -> v2)", ok, v2, 1);
  } finally {
    watcher.child.kill();
  }
  rmSync(dir, { recursive: true, force: true });
});

test.run();
