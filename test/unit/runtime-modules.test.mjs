// The runtime's shape, as the Pool issue asks it of every module in runtime/: small
// enough to read in one sitting (about 300 lines as Prettier prints them), and opening
// with a comment that says what it owns, so that a newcomer can find their way by the
// first lines of each file.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";

const root = fileURLToPath(new URL("../..", import.meta.url));
const runtime = join(root, "runtime");
/** "About 300": a module a few lines over is not split for the count's sake. */
const MOST_LINES = 310;

function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

const files = sources(runtime);

test("the runtime has modules to look at (the walk found them)", () => {
  assert.ok(files.length > 40, `${files.length} files`);
  assert.ok(files.some((f) => f.endsWith(join("pool", "placement.ts"))));
});

test(`no module in runtime/ is over about 300 lines (${MOST_LINES})`, () => {
  const long = files
    .map((f) => ({ f: relative(root, f), lines: readFileSync(f, "utf8").split("\n").length - 1 }))
    .filter((x) => x.lines > MOST_LINES);
  assert.equal(long, [], long.map((x) => `${x.f}: ${x.lines} lines`).join(", "));
});

test("every module in runtime/ opens with a comment saying what it owns", () => {
  const bare = files.filter((f) => !/^(\/\*\*|\/\/)/.test(readFileSync(f, "utf8"))).map((f) => relative(root, f));
  assert.equal(bare, []);
});

test.run();
