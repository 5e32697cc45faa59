// The differential corpus (issue 11): every marked function of corpus/ is called on
// worker threads and inline with the same inputs, and the results must be equal.
// One build per project (corpus/build.mjs), one Node process per run (its runner
// prints one line per case; see corpus/src/runner.ts).
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { report } from "../helpers.mjs";
import { CORPUS, CORPUS_CASES, ENTRY_UNSEEN, assertAllEqual, node, ts5Project, ts7Project } from "./harness.mjs";

test("every corpus function gives the same result on a worker as inline (ESM, tspc)", () => {
  const build = node(["build.mjs", "esm"], CORPUS);
  // tsc leaves "paths" aliases as they are: register.mjs maps them at run time.
  const run = node(["--import", "./register.mjs", join("out", "esm", "main.js")], CORPUS);
  assertAllEqual("ES module project built with tspc", build, run, CORPUS_CASES);
});

test("every corpus function gives the same result on a worker as inline (CommonJS, tspc)", () => {
  const build = node(["build.mjs", "cjs"], CORPUS);
  const run = node(["--require", "./cjs/register.cjs", join("cjs", "out", "cjs", "main.js")], CORPUS);
  assertAllEqual("CommonJS project built with tspc", build, run, CORPUS_CASES);
});

test("every corpus function gives the same result on a worker as inline (ESM, esbuild + tamed/esbuild)", () => {
  const build = node(["build.mjs", "esbuild"], CORPUS);
  const run = node([join("dist", "main.js")], CORPUS);
  assertAllEqual("ES module project bundled by esbuild with tamed/esbuild", build, run, CORPUS_CASES, {
    known: ENTRY_UNSEEN,
  });
});

test("every corpus function gives the same result on a worker as inline (CommonJS, esbuild + tamed/esbuild)", () => {
  const build = node(["build.mjs", "esbuild-cjs"], CORPUS);
  const run = node([join("cjs", "dist", "main.js")], CORPUS);
  assertAllEqual("CommonJS project bundled by esbuild with tamed/esbuild", build, run, CORPUS_CASES, {
    known: ENTRY_UNSEEN,
  });
});

// TypeScript 7 (npx tamed build): the corpus in a copy whose typescript is 7.0.2.
test("every corpus function gives the same result on a worker as inline (ESM, TypeScript 7, tamed build)", () => {
  const dir = ts7Project(CORPUS, "corpus");
  const build = node(["build.mjs", "ts7"], dir);
  const run = node(["--import", "./register.mjs", join("out", "esm", "main.js")], dir);
  assertAllEqual("ES module project built with tamed build on TypeScript 7", build, run, CORPUS_CASES);
});

test("every corpus function gives the same result on a worker as inline (CommonJS, TypeScript 7, tamed build)", () => {
  const dir = ts7Project(CORPUS, "corpus-cjs");
  const build = node(["build.mjs", "ts7-cjs"], dir);
  const run = node(["--require", "./cjs/register.cjs", join("cjs", "out", "cjs", "main.js")], dir);
  assertAllEqual("CommonJS project built with tamed build on TypeScript 7", build, run, CORPUS_CASES);
});

// TypeScript 5.9 with ts-patch 3.3 (what `npx tamed setup` installs below Node 22.15): the corpus in
// a copy whose typescript and ts-patch are those (harness.mjs ts5Project). The CommonJS project
// builds from cjs/tsconfig.node10.json there (5.9 refuses "bundler" with module "commonjs").
for (const [kind, mode, run] of [
  ["ESM", "esm", ["--import", "./register.mjs", join("out", "esm", "main.js")]],
  ["CommonJS", "cjs", ["--require", "./cjs/register.cjs", join("cjs", "out", "cjs", "main.js")]],
]) {
  test(`every corpus function gives the same result on a worker as inline (${kind}, TypeScript 5.9, tspc with ts-patch 3.3)`, () => {
    const dir = ts5Project(CORPUS, `corpus-${mode}`);
    assert.match(node(["build.mjs", "tspc-version"], dir).stdout, /^ts-patch 3\.3\.\d+, Version 5\.9\.\d+$/m);
    const build = node(["build.mjs", mode], dir);
    const ran = node(run, dir);
    assertAllEqual(`${kind} project built with tspc on TypeScript 5.9`, build, ran, CORPUS_CASES);
    report(
      `corpus, tspc ${mode} on TypeScript 5.9: built in ${(build.ms / 1000).toFixed(1)} s, ran in ${(ran.ms / 1000).toFixed(1)} s`,
    );
  });
}

test("tamed/esbuild names worker modules from the tsconfig's rootDir, so sources outside its folder give no hidden files", () => {
  // cjs/tsconfig.json sits beside ../src: relative to its folder every source starts with "..".
  const names = readdirSync(join(CORPUS, "cjs", "dist", "__tamed__"));
  assert.ok(names.includes("cases.crc32.crc32.mjs"), names.join(", "));
  assert.equal(
    names.filter((n) => n.startsWith(".")),
    [],
  );
});

test.run();
