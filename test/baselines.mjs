// What the transformer baselines share on TypeScript 6 (transformer-baselines.test.mjs) and on
// TypeScript 7 (transformer-baselines-ts7.test.mjs): the case folders of test/transformer/,
// and the analysis of one put in the baselines' forms, so that both compare the same thing.
import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { ROOT } from "./helpers.mjs";

const require = createRequire(join(ROOT, "package.json"));
const T = join(ROOT, "dist", "transformer");
const { finding } = require(join(T, "diagnostics.cjs"));
const { moduleFormat } = require(join(T, "module-format.cjs"));
const { emittedFile, outRoot } = require(join(T, "emit", "paths.cjs"));
const { workerRequest } = require(join(T, "emit", "module-request.cjs"));
const { recordsMetadata } = require(join(T, "decorator-metadata.cjs"));

export const CASES = join(ROOT, "test", "transformer");

/** The case folders: each holds an input.ts. */
export const cases = readdirSync(CASES, { withFileTypes: true }).filter(
  (d) => d.isDirectory() && existsSync(join(CASES, d.name, "input.ts")),
);

/**
 * The module format of each file with marked functions, refused ones too (file → format), and the analysis'
 * findings with one for each file of a module kind tamed does not support.
 */
export function formatsOf(ctx, analysis) {
  const findings = [...analysis.findings];
  const formats = new Map();
  for (const m of analysis.functions) {
    const f = moduleFormat(ctx, m.sourceFile);
    if (typeof f === "string") formats.set(m.sourceFile, f);
    else findings.push(finding("unsupportedModuleKind", m.form.site, { kind: f.unsupported }));
  }
  for (const m of analysis.refused) {
    const f = moduleFormat(ctx, m.sourceFile);
    if (typeof f === "string") formats.set(m.sourceFile, f);
  }
  return { formats, findings };
}

/** The source text of each worker module as the transformer hands it to esbuild, with what it sees of each file, as expected.module-source.ts holds them. */
export function workerSources(ctx, analysis, dir) {
  const request = workerRequest(ctx, analysis, outRoot(ctx), (sf) => emittedFile(ctx, sf), {
    kind: "node",
    decoratorMetadata: recordsMetadata(ctx),
  });
  const rel = (f) => relative(dir, f).replaceAll("\\", "/");
  const modules = request.entries.map((e) => {
    const notes = [
      `from ${rel(e.file)}`,
      e.loader,
      ...(e.helpers ? ["with the banner's helpers"] : []),
      ...(e.shareable ? [] : ["built alone"]),
    ];
    const head = `//// ${e.out}.mjs (${notes.join(", ")})\n${e.contents}`;
    const seen = Object.entries(e.files).map(
      ([file, f]) => `//// ${e.out}.mjs sees ${rel(file)} (${f.loader}) as\n${f.contents}`,
    );
    return [head, ...seen].join("\n");
  });
  return modules.join("\n");
}
