// doctor's look at the last build's output: marked functions without worker modules mean
// the build ran without the plugin, for every marker form (JSDoc ones too).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { diagnose } from "../../dist/cli/doctor.js";

const dirs = [];
test.after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function builtProject(files) {
  const root = mkdtempSync(join(tmpdir(), "tamed-doctor-"));
  dirs.push(root);
  writeFileSync(join(root, "package.json"), JSON.stringify({ name: "app", scripts: { build: "tspc" } }));
  writeFileSync(
    join(root, "tsconfig.json"),
    '{ "compilerOptions": { "outDir": "out", "plugins": [{ "transform": "tamed/transformer" }] } }',
  );
  mkdirSync(join(root, "out"), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, "out", name), text);
  return { root, pm: "npm", tsconfig: join(root, "tsconfig.json") };
}

const outputFinding = (p) => diagnose(p).find((f) => f.what.startsWith("out/"));

test("doctor finds a build without the plugin from a /** @tamed */ function in its output", () => {
  const p = builtProject({
    "tasks.js":
      'import { wait } from "tamed";\n/** @tamed */\nexport async function slowEcho(msg) {\n    return msg;\n}\n',
  });
  const f = outputFinding(p);
  assert.ok(f !== undefined && !f.ok, JSON.stringify(f));
  assert.is(
    f.what,
    "out/ was built without the plugin: out/tasks.js calls a marker with no worker module, and there is no out/__tamed__/",
  );
});

test("doctor finds a build without the plugin from a makeAsync call in its output", () => {
  const p = builtProject({ "tasks.js": 'import { makeAsync } from "tamed";\nexport const f = makeAsync((x) => x);\n' });
  const f = outputFinding(p);
  assert.ok(f !== undefined && !f.ok, JSON.stringify(f));
});

test("doctor says nothing about output with no marked functions, or with @tamed only in prose", () => {
  assert.is(outputFinding(builtProject({ "main.js": 'console.log("hi");\n' })), undefined);
  const prose =
    'import { wait } from "tamed";\n/** Blocks on what a `@tamed` function returned. */\nexport const block = (p) => wait(p);\n';
  assert.is(outputFinding(builtProject({ "main.js": prose })), undefined);
});

test('doctor takes no marker name in a string or a comment for a marker call (a built program that prints "tamed()")', () => {
  const text =
    'import { isWorker } from "tamed";\n// tamed(fn) is not called here\nconsole.log(`where: ${isWorker()}`, "tamed()", \'makeAsync(x)\');\n';
  assert.is(outputFinding(builtProject({ "main.js": text })), undefined);
});

test("doctor finds a build without the plugin from CommonJS output of plain tsc ((0, tamed_1.makeAsync)(...))", () => {
  const p = builtProject({
    "tasks.js":
      '"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\nconst tamed_1 = require("tamed");\nexports.f = (0, tamed_1.makeAsync)((x) => x);\n',
  });
  const f = outputFinding(p);
  assert.ok(f !== undefined && !f.ok, JSON.stringify(f));
});

test.run();
