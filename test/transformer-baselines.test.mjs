// Baselines of what the transformer emits, one folder per case under test/transformer/:
//
//   input.ts                  the source (tsconfig.json beside it: ES module or CommonJS)
//   expected.js               input.ts's JavaScript as tsc emits it with the stubs in place (emit/stub-ast.cts)
//   expected.esbuild.ts       input.ts as the esbuild plugin hands it to esbuild, stubs edited into the text (emit/stub-text.cts)
//   expected.module-source.ts the source text of each worker module, as the transformer hands it to esbuild (emit/module-source.cts)
//   expected.diagnostics      tsc's own errors, then the transformer's findings
//
// The worker modules are baselined as the text handed to esbuild, not as esbuild's bundled
// .mjs: that text is what the transformer decides (slicing, the default export, location
// and descriptor edits), byte for byte; the bundle adds esbuild's own printing, which
// changes with esbuild's version and says nothing more about the transformer.
//
// Everything runs in this process on the transformer's own modules (no tspc, no esbuild),
// so a change to the emit shows as a diff of these files. `UPDATE=1 npx uvu test
// transformer-baselines` rewrites them: review the diff before committing it.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { CASES, cases, formatsOf, workerSources } from "./baselines.mjs";
import { ROOT } from "./helpers.mjs";

const require = createRequire(join(ROOT, "package.json"));
const ts = require("typescript");
const T = join(ROOT, "dist", "transformer");
const { analyze } = require(join(T, "analyze.cjs"));
const { createContext } = require(join(T, "context.cjs"));
const { toDiagnostic } = require(join(T, "diagnostics.cjs"));
const { rewrite } = require(join(T, "emit", "stub-ast.cjs"));
const { editedSource } = require(join(T, "emit", "stub-text.cjs"));

function expect(dir, file, actual) {
  const path = join(dir, file);
  if (process.env.UPDATE === "1" || !existsSync(path)) {
    writeFileSync(path, actual);
    if (process.env.UPDATE !== "1") assert.unreachable(`${path} did not exist; wrote it, check it and rerun`);
    return;
  }
  assert.fixture(actual, readFileSync(path, "utf8"), `${relative(ROOT, path)} (UPDATE=1 rewrites it)`);
}

/** What the transformer makes of one case folder. */
function emit(dir) {
  const configPath = join(dir, "tsconfig.json");
  const config = ts.readConfigFile(configPath, ts.sys.readFile).config;
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, dir, undefined, configPath);
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
  // Paths in messages relative to the case, as tspc run in its folder prints them.
  const ctx = { ...createContext(ts, program), cwd: dir };
  const analysis = analyze(ctx);
  const input = program.getSourceFile(join(dir, "input.ts"));
  const { formats, findings } = formatsOf(ctx, analysis);
  const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => dir, getNewLine: () => "\n" };
  const diagnostics = ts.formatDiagnostics(
    [...ts.getPreEmitDiagnostics(program), ...findings.map((f) => toDiagnostic(ts, f))],
    host,
  );

  let js;
  program.emit(
    input,
    (file, text) => {
      if (file.endsWith(".js")) js = text;
    },
    undefined,
    false,
    { before: [(tctx) => (sf) => (formats.has(sf) ? rewrite(ctx, tctx, sf, analysis, formats.get(sf)) : sf)] },
  );

  const format = formats.get(input);
  const esbuild = format === undefined ? undefined : editedSource(ctx, input, analysis, format);

  return { js, esbuild, workers: workerSources(ctx, analysis, dir), diagnostics };
}

for (const c of cases) {
  test(`transformer baseline: ${c.name}`, () => {
    const dir = join(CASES, c.name);
    const out = emit(dir);
    expect(dir, "expected.diagnostics", out.diagnostics);
    expect(dir, "expected.js", out.js ?? "");
    expect(
      dir,
      "expected.esbuild.ts",
      out.esbuild ?? "(no marked function in input.ts: the esbuild plugin leaves the file to esbuild)\n",
    );
    expect(dir, "expected.module-source.ts", out.workers === "" ? "(no worker module)\n" : out.workers);
  });
}

test("every case folder has its input", () => {
  assert.ok(cases.length >= 7, cases.map((c) => c.name).join(", "));
});

test.run();
