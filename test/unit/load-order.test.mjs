// transformer/load-order.cts through the analysis of a real program: what a worker module must
// load as the main thread's entries do. Which packages they import for their effect the worker
// imports first, and in what order (side-effect-packages.cts); where they enter an import cycle
// of the function's file. (The corpus' polyfill-package-imported-by-the-entry and
// import-cycle-entered-elsewhere cases run them on workers and inline.)
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
const DIR = join(import.meta.dirname, "..", "fixtures", ".tmp-load-order");

/** Writes `files` (path → text) under a fresh DIR and returns the analysis' marked functions. */
function functionsOf(files) {
  rmSync(DIR, { recursive: true, force: true });
  for (const [name, text] of Object.entries(files)) {
    if (name.startsWith("node_modules/") && text === "installed") {
      // A package installed in the project: its own package.json is all the analysis reads.
      mkdirSync(join(DIR, name), { recursive: true });
      writeFileSync(join(DIR, name, "package.json"), JSON.stringify({ name: name.slice("node_modules/".length) }));
      continue;
    }
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
  return analysis.functions;
}

/** Each marked function's first imports, by name. */
function firstImports(files) {
  return Object.fromEntries(functionsOf(files).map((m) => [m.name, m.firstImports]));
}

/** Each marked function's cycle entry (relative to src/), by name. */
function cycleEntries(files) {
  return Object.fromEntries(
    functionsOf(files).map((m) => [m.name, m.cycleEntry?.fileName.slice(join(DIR, "src").length + 1)]),
  );
}

const WORK = `import { makeAsync } from "tamed";
import "beside-work";
import { helper } from "./helper.js";
export const work = makeAsync((x: number) => helper(x));
`;

test("a worker module imports the packages the entries import for their effect alone, in the order the entries run them (before or after the function's file), but none listed in devDependencies only, no .env loader, no built-in module, no specifier no installed package answers, no stylesheet and none a file it loads imports", () => {
  const got = firstImports({
    "package.json": {
      type: "module",
      dependencies: { "listed-polyfill": "1.0.0", "not-installed": "1.0.0", theme: "1.0.0" },
      devDependencies: { "test-setup": "1.0.0" },
    },
    ...Object.fromEntries(
      [
        "listed-polyfill",
        "test-setup",
        "dotenv",
        "from-setup",
        "@scope/after",
        "spec-helper-listed-nowhere",
        "theme",
      ].map((p) => [`node_modules/${p}`, "installed"]),
    ),
    "src/main.ts": `import "listed-polyfill";
import "test-setup";
import "dotenv/config";
import "node:process";
import "fs";
import "virtual:app-env";
import "not-installed";
import "theme/dark.css";
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
      { specifier: "listed-polyfill", require: false, after: false },
      { specifier: "from-setup", require: false, after: false },
      { specifier: "@scope/after/register", require: false, after: true },
      { specifier: "spec-helper-listed-nowhere", require: false, after: true },
    ],
  });
});

test("a package a nearer package.json lists in devDependencies only is not imported first, though a farther one lists it in dependencies", () => {
  const got = firstImports({
    "package.json": { type: "module", dependencies: { polyfill: "1.0.0" } },
    "node_modules/polyfill": "installed",
    "src/package.json": { type: "module", devDependencies: { polyfill: "1.0.0" } },
    "src/main.ts": 'import "polyfill";\nimport { work } from "./work.js";\nawait work(1);\n',
    "src/work.ts": WORK,
    "src/helper.ts": "export const helper = (x: number) => x + 1;\n",
  });
  assert.equal(got, { work: [] });
});

const SHAPE = `import { makeAsync } from "tamed";
import { Square } from "./square.js";
export abstract class Shape { abstract area(): number }
export const areas = makeAsync((sizes: number[]) => sizes.map((n) => new Square(n).area()));
`;
const SQUARE = `import { Shape } from "./shape.js";
export class Square extends Shape { constructor(readonly n: number) { super(); } area() { return this.n ** 2; } }
`;

test("a worker module enters its function's import cycle through the file the main thread's entries reach first: the subclass's file an index lists first", () => {
  const got = cycleEntries({
    "package.json": { type: "module" },
    "src/main.ts":
      'import { helper } from "./helper.js";\nimport { areas } from "./index.js";\nawait areas([helper(1)]);\n',
    "src/helper.ts": "export const helper = (x: number) => x + 1;\n",
    "src/index.ts": 'export { Square } from "./square.js";\nexport { Shape, areas } from "./shape.js";\n',
    "src/shape.ts": SHAPE,
    "src/square.ts": SQUARE,
  });
  assert.equal(got, { areas: "square.ts" });
});

test("a worker module enters its function's import cycle at the function's file when the entries reach that file first, or when no file it loads imports it back", () => {
  const first = cycleEntries({
    "package.json": { type: "module" },
    "src/main.ts":
      'import { areas } from "./shape.js";\nimport { Square } from "./square.js";\nawait areas([new Square(1).n]);\n',
    "src/shape.ts": SHAPE,
    "src/square.ts": SQUARE,
  });
  assert.equal(first, { areas: undefined });
  const noCycle = cycleEntries({
    "package.json": { type: "module" },
    "src/main.ts":
      'import { Square } from "./square.js";\nimport { areas } from "./shape.js";\nawait areas([new Square(1).n]);\n',
    "src/shape.ts": SHAPE.replace(
      'import { Square } from "./square.js";',
      "class Square { constructor(readonly n: number) {} area() { return this.n ** 2; } }",
    ),
    "src/square.ts": SQUARE,
  });
  assert.equal(noCycle, { areas: undefined });
});

test("an import whose bindings are used as types only loads nothing (tsc drops it): it does not enter the cycle", () => {
  const got = cycleEntries({
    "package.json": { type: "module" },
    "src/main.ts":
      'import { Shape } from "./shape.js";\nimport { areas } from "./square.js";\nconst s: Shape | undefined = undefined;\nawait areas([1]);\nvoid s;\n',
    "src/shape.ts":
      'import { Square } from "./square.js";\nexport abstract class Shape { abstract area(): number; static unit() { return new Square(1); } }\n',
    "src/square.ts":
      'import { makeAsync } from "tamed";\nimport { Shape } from "./shape.js";\nexport class Square extends Shape { constructor(readonly n: number) { super(); } area() { return this.n ** 2; } }\nexport const areas = makeAsync((sizes: number[]) => sizes.map((n) => new Square(n).area() + Shape.unit().area()));\n',
  });
  assert.equal(got, { areas: undefined });
});

test("an import of a const enum (inlined) or a re-export of an interface loads nothing either (tsc drops both)", () => {
  const files = (first) => ({
    "package.json": { type: "module" },
    "src/main.ts": `${first}\nimport { probe } from "./b.js";\nconsole.log(await probe());\n`,
    "src/a.ts":
      'import { probe } from "./b.js";\nexport const enum Mode { Fast = 1 }\nexport interface AThing { n: number }\nexport const TABLE = [1, 2, 3];\nexport const viaA = () => probe();\n',
    "src/b.ts":
      'import { makeAsync } from "tamed";\nimport { TABLE } from "./a.js";\nconst N = TABLE.length;\nexport const probe = makeAsync((): number => N);\n',
  });
  assert.equal(cycleEntries(files('import { Mode } from "./a.js";\nconsole.log(Mode.Fast);')), { probe: undefined });
  assert.equal(cycleEntries(files('export { AThing } from "./a.js";')), { probe: undefined });
  // A value imported from a.ts does load it first: the worker enters the cycle there too.
  assert.equal(cycleEntries(files('import { viaA } from "./a.js";\nvoid viaA;')), { probe: "a.ts" });
});

test.after(() => rmSync(DIR, { recursive: true, force: true }));

test.run();
