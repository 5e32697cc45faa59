// transformer/outside-files.cts and candidates.cts's mayHoldMarkers: which files a bundle loads
// from outside the folders the plugins read, and whether one may hold markers. A miss leaves a
// marked function without its stub (NotCompiledError at run time), so these pin what is found.
import { createRequire } from "node:module";
import { test } from "uvu";
import * as assert from "uvu/assert";

const require = createRequire(import.meta.url);
const { isUnread, outsideFilter } = require("../../dist/transformer/outside-files.cjs");
const { mayHoldMarkers } = require("../../dist/transformer/candidates.cjs");

test("esbuild's filter matches the TypeScript files outside every folder read, and nothing inside one or other than TypeScript", () => {
  const filter = outsideFilter(["/p/src", "/p/scripts/", "/q"]);
  const matched = (f) => filter.test(f);
  for (const f of ["/p/lib/a.ts", "/p/a.mts", "/p/srcx/a.cts", "/p/s/b.tsx", "/other/x.ts", "/p/src.ts", "/qq/a.ts"])
    assert.ok(matched(f), `${f} is outside`);
  for (const f of ["/p/src/a.ts", "/p/src/deep/b.tsx", "/p/scripts/c.mts", "/q/a.ts", "/p/lib/a.js", "/p/lib/a.json"])
    assert.not.ok(matched(f), `${f} is not an outside TypeScript file`);
});

test("esbuild's filter without folders matches every TypeScript file, and with the root folder none", () => {
  assert.ok(outsideFilter([]).test("/p/a.ts"));
  assert.not.ok(outsideFilter(["/"]).test("/p/a.ts"));
});

test("a file is unread when it is TypeScript, not a declaration, not in a package, not read and under no folder read", () => {
  const texts = new Map([["/p/src/a.ts", ""]]);
  const dirs = ["/p/src"];
  assert.ok(isUnread("/p/lib/a.ts", texts, dirs));
  for (const f of ["/p/src/a.ts", "/p/src/new.ts", "/p/lib/a.d.ts", "/p/node_modules/x/a.ts", "/p/lib/a.js"])
    assert.not.ok(isUnread(f, texts, dirs), f);
});

test("an unread file may hold markers when it names tamed, has a marker comment, or imports a candidate that re-exports", () => {
  const texts = new Map([
    ["/p/src/markers.ts", `export { makeAsync as run } from "tamed";`],
    ["/p/src/tasks.ts", `import { makeAsync } from "tamed";`],
  ]);
  const candidates = new Set(texts.keys());
  const may = (text) => mayHoldMarkers(text, candidates, texts);
  assert.ok(may(`import { makeAsync } from "tamed";`));
  assert.ok(may(`/** @tamed */ export async function f() {}`));
  assert.ok(may(`import { run } from "../src/markers.js";`));
  assert.not.ok(may(`import { x } from "../src/tasks.js";`), "tasks.ts re-exports nothing");
  assert.not.ok(may(`export const tamedness = 1;`));
});

test.run();
