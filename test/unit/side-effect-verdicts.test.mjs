// transformer/emit/side-effect-verdicts.cts: which of the user's files the worker modules'
// build resolves with the bundle tool's side-effect verdict instead of esbuild's own reading
// of package.json. A file left to esbuild where the two disagree makes a worker run (or
// drop) an import the main thread's bundle drops (or runs), and compute another answer.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";

const require = createRequire(import.meta.url);
const { toolDecides } = require("../../dist/transformer/emit/side-effect-verdicts.cjs");

const dirs = [];
/** A folder holding `src/app.ts`, and `src/pkg/` with a package.json of these fields and `pkg/locales.ts`. */
function project(pkgFields) {
  const root = mkdtempSync(join(tmpdir(), "tamed-side-effects-"));
  dirs.push(root);
  mkdirSync(join(root, "src", "pkg"), { recursive: true });
  writeFileSync(join(root, "package.json"), JSON.stringify({ name: "app", type: "module" }));
  writeFileSync(join(root, "src", "pkg", "package.json"), JSON.stringify({ name: "pkg", ...pkgFields }));
  return { app: join(root, "src", "app.ts"), locales: join(root, "src", "pkg", "locales.ts") };
}
const bundle = (sideEffects) => ({ kind: "bundle", keepNames: true, sourcemap: false, sideEffects });

test("a file the tool keeps, in a package that declares sideEffects, is resolved with the tool's verdict (Rollup without node-resolve)", () => {
  const { app, locales } = project({ sideEffects: false });
  const decided = toolDecides(bundle({ [app]: true, [locales]: true }));
  assert.ok(decided(locales), "esbuild would drop an import of locales.ts that Rollup runs");
  assert.not.ok(decided(app), "no package.json on the way up from app.ts declares sideEffects: esbuild agrees");
});

test("a file the tool drops is resolved with its verdict wherever it is (a tool option esbuild does not know)", () => {
  const { app } = project({});
  assert.ok(toolDecides(bundle({ [app]: false }))(app));
});

test("a file without a verdict, and every file of a main thread that is not a bundle, is left to esbuild", () => {
  const { app, locales } = project({ sideEffects: false });
  assert.not.ok(toolDecides(bundle({ [app]: false }))(locales));
  assert.not.ok(toolDecides(bundle(undefined))(locales));
  assert.not.ok(toolDecides({ kind: "node" })(locales));
});

test("an unreadable package.json counts as declaring nothing", () => {
  const { locales } = project({});
  writeFileSync(join(locales, "..", "package.json"), "{ not json");
  assert.not.ok(toolDecides(bundle({ [locales]: true }))(locales));
});

test.after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
test.run();
