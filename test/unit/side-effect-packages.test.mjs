// transformer/side-effect-packages.cts through the analysis of a real program: which packages
// that the entries import for their effect a worker module imports first, and in what order.
// (The corpus' polyfill-package-imported-by-the-entry case runs one on workers and inline.)
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";

const require = createRequire(import.meta.url);
const ts = require("typescript");
const { createContext } = require("../../dist/transformer/context.cjs");
const { analyze } = require("../../dist/transformer/analyze.cjs");

// Under the repository, so that `tamed` resolves (node_modules/tamed is the repository).
const DIR = join(import.meta.dirname, "..", "fixtures", ".tmp-side-effect-packages");

/** Writes `files` (path → text) under a fresh DIR and returns each marked function's first imports, by name. */
function firstImports(files) {
  rmSync(DIR, { recursive: true, force: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(DIR, name)), { recursive: true });
    writeFileSync(join(DIR, name), typeof text === "string" ? text : JSON.stringify(text));
  }
  const options = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  };
  const roots = Object.keys(files)
    .filter((f) => f.startsWith("src/"))
    .map((f) => join(DIR, f));
  const program = ts.createProgram({ rootNames: roots, options, host: ts.createCompilerHost(options) });
  const analysis = analyze({ ...createContext(ts, program), cwd: DIR });
  assert.equal(
    analysis.findings.map((f) => f.message ?? f.code),
    [],
  );
  return Object.fromEntries(analysis.functions.map((m) => [m.name, m.firstImports]));
}

const WORK = `import { makeAsync } from "tamed";
import "beside-work";
import { helper } from "./helper.js";
export const work = makeAsync((x: number) => helper(x));
`;

test("a worker module imports first the packages the entries import for their effect alone, in the order the entries load them, but none listed in devDependencies only, no .env loader, no built-in module and none a file it loads imports", () => {
  const got = firstImports({
    "package.json": {
      type: "module",
      dependencies: { "listed-polyfill": "1.0.0" },
      devDependencies: { "test-setup": "1.0.0" },
    },
    "src/main.ts": `import "listed-polyfill";
import "test-setup";
import "dotenv/config";
import "node:process";
import "fs";
import "./setup.js";
import { work } from "./work.js";
import "@scope/after/register";
await work(1);
`,
    "src/setup.ts": 'import "from-setup";\nimport "listed-polyfill";\n',
    "src/work.ts": WORK,
    "src/helper.ts": 'import "beside-helper";\nexport const helper = (x: number) => x + 1;\n',
    // A test file the tsconfig includes: another entry, with a test-only package.
    "src/work.spec.ts":
      'import "test-setup";\nimport "spec-helper-listed-nowhere";\nimport { work } from "./work.js";\nvoid work;\n',
  });
  assert.equal(got, {
    work: [
      { specifier: "listed-polyfill", require: false },
      { specifier: "from-setup", require: false },
      { specifier: "@scope/after/register", require: false },
      { specifier: "spec-helper-listed-nowhere", require: false },
    ],
  });
});

test("a package a nearer package.json lists in devDependencies only is not imported first, though a farther one lists it in dependencies", () => {
  const got = firstImports({
    "package.json": { type: "module", dependencies: { polyfill: "1.0.0" } },
    "src/package.json": { type: "module", devDependencies: { polyfill: "1.0.0" } },
    "src/main.ts": 'import "polyfill";\nimport { work } from "./work.js";\nawait work(1);\n',
    "src/work.ts": WORK,
    "src/helper.ts": "export const helper = (x: number) => x + 1;\n",
  });
  assert.equal(got, { work: [] });
});

test.after(() => rmSync(DIR, { recursive: true, force: true }));

test.run();
