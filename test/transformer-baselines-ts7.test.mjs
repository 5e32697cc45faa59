// The transformer baselines of test/transformer/ (see transformer-baselines.test.mjs), with
// the analysis run through TypeScript 7.0's checker (transformer/typescript7.cts) instead of
// TypeScript 6's: tamed's diagnostics (the TS77xxx lines of expected.diagnostics), the
// stubs edited into the text (expected.esbuild.ts) and each worker module's source
// (expected.module-source.ts) must come out byte for byte the same. TypeScript's own
// errors (TS1241 in refused/) are TypeScript 7's to word, and are not compared.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { CASES, cases, formatsOf, workerSources } from "./baselines.mjs";
import { ROOT } from "./helpers.mjs";

const require = createRequire(join(ROOT, "package.json"));
const T = join(ROOT, "dist", "transformer");
const { openNativeProject } = require(join(T, "typescript7.cjs"));
const { analyze } = require(join(T, "analyze.cjs"));
const { tscText } = require(join(T, "bundler.cjs"));
const { editedSource } = require(join(T, "emit", "stub-text.cjs"));

const TYPESCRIPT7 = join(ROOT, "node_modules", "typescript7");

/** What the analysis on TypeScript 7 makes of a case folder, in the baselines' forms. */
function emit7(dir) {
  const native = openNativeProject(TYPESCRIPT7, join(dir, "tsconfig.json"), dir);
  try {
    const { ctx } = native;
    const analysis = analyze(ctx);
    const input = ctx.program.getSourceFile(join(dir, "input.ts"));
    const { formats, findings } = formatsOf(ctx, analysis);
    const format = formats.get(input);
    const esbuild = format === undefined ? undefined : editedSource(ctx, input, analysis, format);
    return { diagnostics: findings.map((f) => tscText(f, dir)), esbuild, workers: workerSources(ctx, analysis, dir) };
  } finally {
    native.close();
  }
}

for (const c of cases) {
  test(`transformer baseline on TypeScript 7: ${c.name} (TS77xxx diagnostics, edited text, worker module sources)`, () => {
    const dir = join(CASES, c.name);
    const out = emit7(dir);
    const expected = (file) => readFileSync(join(dir, file), "utf8");
    assert.equal(
      out.diagnostics,
      expected("expected.diagnostics")
        .split("\n")
        .filter((l) => / error TS77\d{3}: /.test(l)),
    );
    assert.fixture(
      out.esbuild ?? "(no marked function in input.ts: the esbuild plugin leaves the file to esbuild)\n",
      expected("expected.esbuild.ts"),
    );
    assert.fixture(out.workers === "" ? "(no worker module)\n" : out.workers, expected("expected.module-source.ts"));
  });
}

test.run();
