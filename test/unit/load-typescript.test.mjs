// transformer/load-typescript.cts: the esbuild plugin's TypeScript, compiled from a V8 code
// cache in node_modules/.cache/tamed/ once a build has written one. Each load runs in a fresh
// process, as each build does, on a copy of typescript.js in a project of its own.
import { spawnSync } from "node:child_process";
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const LOADER = join(ROOT, "dist", "transformer", "load-typescript.cjs");
const DIR = join(ROOT, "test", "fixtures", ".tmp-load-typescript");
const CACHE = join(DIR, "node_modules", ".cache", "tamed");

const real = createRequire(join(ROOT, "package.json")).resolve("typescript");
rmSync(DIR, { recursive: true, force: true });
mkdirSync(join(DIR, "node_modules", "typescript", "lib"), { recursive: true });
writeFileSync(join(DIR, "package.json"), "{}\n");
// With the real version: the loader checks it before loading (transformer/typescript-version.cts).
const { version } = createRequire(join(ROOT, "package.json"))("typescript/package.json");
writeFileSync(
  join(DIR, "node_modules", "typescript", "package.json"),
  JSON.stringify({ name: "typescript", version, main: "./lib/typescript.js" }),
);
copyFileSync(real, join(DIR, "node_modules", "typescript", "lib", "typescript.js"));

/** Loads TypeScript in a fresh process as the plugin does; `remember` afterwards if asked. */
function load(remember) {
  const script = `
    const { loadTypeScript } = require(${JSON.stringify(LOADER)});
    const { ts, fromCache, remember } = loadTypeScript(${JSON.stringify(DIR)});
    const sf = ts.createSourceFile("a.ts", "export const x: number = 1;", ts.ScriptTarget.Latest);
    ${remember ? "remember();" : ""}
    const again = require(require.resolve("typescript", { paths: [${JSON.stringify(DIR)}] }));
    console.log(JSON.stringify({ fromCache, version: ts.version, statements: sf.statements.length, same: again === ts }));`;
  const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
  assert.is(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

const caches = () => (existsSync(CACHE) ? readdirSync(CACHE) : []);

test("without a cache TypeScript is compiled from source, then the cache is written; the next load uses it", () => {
  const first = load(false);
  assert.equal(first, {
    fromCache: false,
    version: createRequire(real)("./typescript.js").version,
    statements: 1,
    same: true,
  });
  assert.equal(caches(), [], "nothing is written until remember()");
  assert.is(load(true).fromCache, false);
  assert.is(caches().length, 1);
  assert.match(caches()[0], /^typescript-[0-9a-f]{16}\.v8cache$/);
  const second = load(true);
  assert.equal(second, { ...first, fromCache: true });
  assert.is(caches().length, 1, "a cache that was used is not written again");
});

test("a changed typescript.js gets a cache of its own, and the stale one is removed", () => {
  const before = caches();
  appendFileSync(join(DIR, "node_modules", "typescript", "lib", "typescript.js"), "\n// changed\n");
  assert.is(load(true).fromCache, false);
  const after = caches();
  assert.is(after.length, 1);
  assert.not.equal(after, before);
  assert.is(load(false).fromCache, true);
});

test("a cache V8 refuses (not made for this source) is ignored, then replaced", () => {
  const [name] = caches();
  writeFileSync(join(CACHE, name), Buffer.alloc(4096, 7));
  const r = load(true);
  assert.is(r.fromCache, false);
  assert.is(r.statements, 1);
  assert.is(load(false).fromCache, true);
});

test.after(() => rmSync(DIR, { recursive: true, force: true }));

test.run();
