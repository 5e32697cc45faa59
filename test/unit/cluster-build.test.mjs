// runtime/bullmq/build.ts: a build's id, which a cluster job carries with its module's
// index in the build's list: two different builds must never share an id, or a worker
// of one would run, for a caller of the other, whatever module has that index there.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readBuild } from "../../dist/runtime/bullmq/build.js";

const scratch = mkdtempSync(join(tmpdir(), "tamed-build-id-"));
test.after(() => rmSync(scratch, { recursive: true, force: true }));

/** A build output folder listing `files` (name → contents) in its manifest. */
function build(name, files) {
  const root = join(scratch, name);
  mkdirSync(join(root, "__tamed__"), { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(root, "__tamed__", file), text);
  writeFileSync(
    join(root, "__tamed__", "manifest.json"),
    JSON.stringify({ outputs: Object.keys(files).map((f) => `__tamed__/${f}`) }),
  );
  return readBuild(root);
}

test("two builds whose paths and contents run together alike (a NUL byte inside a module) get different ids", () => {
  const b = 'export default () => "b";\n';
  const c = 'export default () => "c";\n';
  // A's a.mjs holds, after a NUL, what B's list has next: B's b.mjs path and contents.
  const one = build("one", { "a.mjs": `export default () => "a"; //\0__tamed__/b.mjs\0${b}`, "c.mjs": c });
  const two = build("two", { "a.mjs": 'export default () => "a"; //', "b.mjs": b, "c.mjs": c });
  assert.equal(one.modules, ["__tamed__/a.mjs", "__tamed__/c.mjs"]);
  assert.equal(two.modules, ["__tamed__/a.mjs", "__tamed__/b.mjs", "__tamed__/c.mjs"]);
  assert.is.not(one.id, two.id);
});

test("a copy of a build output elsewhere has the same id", () => {
  const files = { "f.mjs": "export default 1;\n", "g.mjs": "export default 2;\n" };
  assert.is(build("here", files).id, build("there", files).id);
});

test.run();
