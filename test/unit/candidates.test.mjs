// transformer/candidates.cts: which files may hold marked functions, from their text.
// A miss would leave a marked function uncompiled, so these pin what must be found.
import { createRequire } from "node:module";
import { test } from "uvu";
import * as assert from "uvu/assert";

const require = createRequire(import.meta.url);
const { candidateFiles } = require("../../dist/transformer/candidates.cjs");

const found = (files) => [...candidateFiles(new Map(Object.entries(files)))].sort();

test("a file that imports or requires tamed, or has a marker comment, is a candidate; others are not", () => {
  assert.equal(
    found({
      "/p/a.ts": `import { makeAsync } from "tamed";`,
      "/p/b.ts": `const t = require('tamed');`,
      "/p/c.ts": `/** @tamed */ export async function f() {}`,
      "/p/d.ts": `/**\n * @makeAsync\n */ export async function g() {}`,
      "/p/e.ts": `export const tamedness = 1; // mentions the word only`,
      "/p/f.ts": `import { x } from "./a.js";`,
    }),
    ["/p/a.ts", "/p/b.ts", "/p/c.ts", "/p/d.ts"],
  );
});

test("a file that imports a module re-exporting tamed is a candidate, through chains and index files", () => {
  assert.equal(
    found({
      "/p/lib/async.ts": `export { makeAsync as run } from "tamed";`,
      "/p/lib/index.ts": `export * from "./async.js";`,
      "/p/use-direct.ts": `import { run } from "./lib/async.js"; export const f = run((x: number) => x);`,
      "/p/use-barrel.ts": `import { run } from "./lib"; export const g = run((x: number) => x);`,
      "/p/unrelated.ts": `import { y } from "./other.js";`,
    }),
    ["/p/lib/async.ts", "/p/lib/index.ts", "/p/use-barrel.ts", "/p/use-direct.ts"],
  );
});

test("a module re-exporting tamed whose name does not start with a letter (SvelteKit's +page.ts, $lib) passes the markers on", () => {
  assert.equal(
    found({
      "/p/src/+wrap.ts": `export { makeAsync as offload } from "tamed";`,
      "/p/src/jobs.ts": `import { offload } from "./+wrap.js"; export const f = offload((n: number) => n * 4);`,
      "/p/src/$run.ts": `export { tamed as run } from "tamed";`,
      "/p/src/io.ts": `import { run } from "./$run";`,
      "/p/src/plus.ts": `import { x } from "./a+wrap.js";`,
    }),
    ["/p/src/$run.ts", "/p/src/+wrap.ts", "/p/src/io.ts", "/p/src/jobs.ts"],
  );
});

test.run();
