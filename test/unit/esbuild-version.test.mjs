// tamed declares no esbuild peer (it would stay in an app's production install), so the
// version is checked where esbuild is loaded and by doctor: an esbuild tamed does not
// support is refused with the range and the install command, not left to fail later.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { diagnose } from "../../dist/cli/doctor.js";

const require = createRequire(import.meta.url);
const { esbuildRefusal, checkEsbuild, ESBUILD_RANGE } = require("../../dist/transformer/esbuild-version.cjs");
const tamedEsbuild = require("../../dist/transformer/esbuild-plugin.cjs");

const dirs = [];
test.after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

test("esbuild 0.25 to 0.x is accepted; 0.24, 1.0 and an unreadable version are refused with the range and the fix", () => {
  for (const v of ["0.25.0", "0.28.1", "0.99.3"]) assert.is(esbuildRefusal(v, "here"), undefined, v);
  for (const v of ["0.24.2", "1.0.0", "2.1.0", "next"]) {
    const refusal = esbuildRefusal(v, "the project at /app");
    assert.ok(refusal?.includes(`esbuild ${ESBUILD_RANGE}`), refusal);
    assert.ok(refusal.includes(`the project at /app has esbuild ${v}`), refusal);
    assert.ok(refusal.includes("npm install --save-dev esbuild@^0.28"), refusal);
  }
});

test("checkEsbuild throws UnsupportedEsbuildError whose stack is its message alone", () => {
  const fine = { version: "0.28.0" };
  assert.is(checkEsbuild(fine, "x"), fine);
  try {
    checkEsbuild({ version: "0.24.0" }, "x");
    assert.unreachable("0.24.0 was accepted");
  } catch (e) {
    assert.is(e.name, "UnsupportedEsbuildError");
    assert.is(e.version, "0.24.0");
    assert.is(e.stack, e.message);
  }
});

test("tamed/esbuild refuses, at setup, the esbuild that runs it when that is a version tamed does not support", () => {
  const plugin = tamedEsbuild();
  const build = { esbuild: { version: "0.24.0" }, initialOptions: { absWorkingDir: tmpdir() } };
  assert.throws(
    () => plugin.setup(build),
    (e) => e.name === "UnsupportedEsbuildError",
  );
});

test("doctor flags an installed esbuild tamed does not support, with the install command", () => {
  const root = mkdtempSync(join(tmpdir(), "tamed-doctor-esbuild-"));
  dirs.push(root);
  writeFileSync(join(root, "package.json"), JSON.stringify({ name: "app", scripts: { build: "node build.mjs" } }));
  writeFileSync(join(root, "tsconfig.json"), '{ "compilerOptions": { "module": "preserve" } }');
  writeFileSync(join(root, "build.mjs"), 'import tamed from "tamed/esbuild";\n');
  mkdirSync(join(root, "node_modules", "esbuild"), { recursive: true });
  writeFileSync(join(root, "node_modules", "esbuild", "package.json"), '{ "name": "esbuild", "version": "0.24.0" }');
  const found = diagnose({ root, pm: "npm", tsconfig: join(root, "tsconfig.json") });
  const line = found.find((f) => f.what.includes("esbuild 0.24.0"));
  assert.ok(line !== undefined && !line.ok, JSON.stringify(found));
  assert.is(line.fix, "npm install --save-dev esbuild@^0.28");
});

test.run();
