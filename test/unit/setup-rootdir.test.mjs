// `tamed setup` adds the `rootDir` TypeScript 6 and later need: a tsconfig with `outDir`, no
// `rootDir` and every source in one folder (src/) stops tsc with TS5011, which doctor reports;
// setup used to say "done" and leave the build to fail there. Not on 5.9, which infers it.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { diagnose } from "../../dist/cli/doctor.js";
import { planSetup } from "../../dist/cli/setup.js";
import { tempProject } from "./temp-project.mjs";

const dirs = [];
test.after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const NODE = "22.23.3";
const TSCONFIG =
  '{\n  "compilerOptions": {\n    "module": "nodenext",\n    "types": ["node"],\n    "outDir": "out"\n  }\n}\n';

function projectWith(typescript) {
  const tsPatch = typescript.startsWith("6.") ? "4.0.1" : "3.3.0";
  const p = tempProject(dirs, {
    prefix: "tamed-setup-rootdir-",
    packages: { typescript, "ts-patch": tsPatch, esbuild: "0.28.2", "@types/node": "22.0.0" },
    build: "tsc",
    tsconfig: TSCONFIG,
  });
  mkdirSync(join(p.root, "src"));
  writeFileSync(join(p.root, "src", "main.ts"), "export const x = 1;\n");
  return p;
}
const rootDirProblems = (p) =>
  diagnose(p, NODE)
    .filter((f) => !f.ok && f.what.includes("TS5011"))
    .map((f) => f.what);

test('setup on TypeScript 6 adds "rootDir": "src" beside an "outDir" whose sources are all in src/, and says why; doctor then finds no TS5011', () => {
  const p = projectWith("6.0.3");
  assert.ok(rootDirProblems(p).length > 0, "doctor flags it before setup");
  const steps = planSetup(p, () => undefined, NODE);
  const step = steps.find((s) => s.what.includes("tsconfig.json"));
  assert.ok(step !== undefined, steps.map((s) => s.what).join("\n"));
  assert.match(
    step.what,
    'add "rootDir": "src" to compilerOptions (TypeScript 6 and later stop with TS5011 on "outDir" without it when the sources are all in a folder)',
  );
  step.run();
  const after = JSON.parse(readFileSync(p.tsconfig, "utf8"));
  assert.is(after.compilerOptions.rootDir, "src");
  assert.is(after.compilerOptions.outDir, "out");
  assert.equal(rootDirProblems(p), []);
  assert.not.ok(
    planSetup(p, () => undefined, NODE).some((s) => s.what.includes("rootDir")),
    "a second run adds nothing",
  );
});

test("setup on TypeScript 5.9 leaves rootDir to tsc, which infers it there", () => {
  const p = projectWith("5.9.3");
  assert.not.ok(planSetup(p, () => undefined, NODE).some((s) => s.what.includes("rootDir")));
});

test.run();
