// `tamed setup` sees to Node's types where doctor would flag them: tamed's declarations import
// node:worker_threads, so tsc fails on them (TS2591) without @types/node installed and loaded.
// Setup installs @types/node for the running Node's major, and adds "node" to the tsconfig's
// `types` where TypeScript would not load it (none at all on 6 and later; a list that leaves it
// out on any). Projects made by hand in a temporary folder (package.json files only, no npm).
import { readFileSync, rmSync } from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { diagnose } from "../../dist/cli/doctor.js";
import { planSetup } from "../../dist/cli/setup.js";
import { tempProject } from "./temp-project.mjs";

const dirs = [];
test.after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const TOOLS6 = { typescript: "6.0.3", "ts-patch": "4.0.1", esbuild: "0.28.2" };
const TOOLS5 = { typescript: "5.9.3", "ts-patch": "3.3.0", esbuild: "0.28.2" };
const NODE = "22.23.3";

const projectWith = (packages, tsconfig, files = {}) =>
  tempProject(dirs, { prefix: "tamed-setup-node-types-", packages, build: "tspc", tsconfig, files });
const whats = (p) => planSetup(p, () => undefined, NODE).map((s) => s.what);
/** Runs the plan's tsconfig step (installs are not run here), and gives the file after it. */
function tsconfigAfterSetup(p) {
  for (const s of planSetup(p, () => undefined, NODE)) if (s.what.includes("tsconfig.json")) s.run();
  return readFileSync(p.tsconfig, "utf8");
}
/** doctor's findings about Node's types (TS2591). */
const nodeTypeProblems = (p) =>
  diagnose(p, NODE)
    .filter((f) => !f.ok && f.what.includes("TS2591"))
    .map((f) => f.what);

test("setup installs @types/node for this Node's major when it is missing, since tamed's declarations import node:worker_threads", () => {
  const p = projectWith(TOOLS6, '{ "compilerOptions": { "module": "nodenext", "types": ["node"] } }\n');
  assert.ok(whats(p).includes("install @types/node@^22: npm install --save-dev @types/node@^22"), whats(p).join("\n"));
});

test('setup on TypeScript 6 adds "types": ["node"] to a tsconfig without "types", keeping its comments, and doctor then finds Node\'s types loaded', () => {
  const text =
    '{\n  // the app\n  "compilerOptions": {\n    "module": "nodenext", // ESM\n    "strict": true\n  }\n}\n';
  const p = projectWith({ ...TOOLS6, "@types/node": "22.0.0" }, text);
  assert.ok(nodeTypeProblems(p).length > 0, "doctor flags it before setup");
  assert.equal(whats(p), [
    'add { "transform": "tamed/transformer" } to compilerOptions.plugins, and add "node" to compilerOptions.types (tamed\'s declarations need Node\'s types) in tsconfig.json',
  ]);
  const after = tsconfigAfterSetup(p);
  assert.match(after, /\/\/ the app\n/);
  assert.match(after, /"module": "nodenext", \/\/ ESM\n/);
  assert.equal(JSON.parse(after.replace(/\/\/.*$/gm, "")).compilerOptions.types, ["node"]);
  assert.equal(nodeTypeProblems(p), []);
  assert.equal(whats(p), [], "a second run has nothing to do");
});

test('setup appends "node" to a "types" list that leaves it out, on TypeScript 5.9 and 6', () => {
  for (const tools of [TOOLS5, TOOLS6]) {
    const p = projectWith(
      { ...tools, "@types/node": "22.0.0" },
      '{ "compilerOptions": { "module": "nodenext", "types": ["vitest/globals"] } }\n',
    );
    assert.equal(JSON.parse(tsconfigAfterSetup(p)).compilerOptions.types, ["vitest/globals", "node"], tools.typescript);
  }
});

test('setup on TypeScript 5.9 leaves a tsconfig without "types" as it is (5.9 loads every @types package)', () => {
  const p = projectWith({ ...TOOLS5, "@types/node": "22.0.0" }, '{ "compilerOptions": { "module": "nodenext" } }\n');
  assert.equal(JSON.parse(tsconfigAfterSetup(p)).compilerOptions, {
    module: "nodenext",
    plugins: [{ transform: "tamed/transformer" }],
  });
});

test('setup leaves Node\'s types alone under skipLibCheck, and leaves "types" that a config the tsconfig extends sets', () => {
  const skip = projectWith(TOOLS6, '{ "compilerOptions": { "module": "nodenext", "skipLibCheck": true } }\n');
  assert.not.ok(
    whats(skip).some((w) => w.includes("@types/node") || w.includes("compilerOptions.types")),
    whats(skip).join("\n"),
  );
  const base = projectWith(
    { ...TOOLS6, "@types/node": "22.0.0" },
    '{ "extends": "./tsconfig.base.json", "compilerOptions": { "module": "nodenext" } }\n',
    { "tsconfig.base.json": '{ "compilerOptions": { "types": ["vitest/globals"] } }\n' },
  );
  assert.not.ok(
    whats(base).some((w) => w.includes("compilerOptions.types")),
    whats(base).join("\n"),
  );
  assert.ok(nodeTypeProblems(base).length > 0, "doctor still says what to add to the base config's list");
});

test.run();
