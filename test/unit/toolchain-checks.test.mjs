// setup and doctor against the running Node's version: which TypeScript and ts-patch
// setup installs, and what doctor says about installed packages whose engines refuse
// this Node. Projects made by hand in a temporary folder (package.json files only, no
// npm), with the Node version passed in.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { diagnose } from "../../dist/cli/doctor.js";
import { CliError } from "../../dist/cli/project.js";
import { planSetup } from "../../dist/cli/setup.js";

const dirs = [];
test.after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A project with tamed's plugin in its tsconfig and these packages "installed". */
function projectWith(packages) {
  const root = mkdtempSync(join(tmpdir(), "tamed-toolchain-"));
  dirs.push(root);
  writeFileSync(
    join(root, "package.json"),
    JSON.stringify({ name: "app", dependencies: { tamed: "*" }, scripts: { build: "tspc" } }),
  );
  writeFileSync(
    join(root, "tsconfig.json"),
    '{ "compilerOptions": { "plugins": [{ "transform": "tamed/transformer" }] } }',
  );
  for (const [name, manifest] of Object.entries(packages)) {
    mkdirSync(join(root, "node_modules", name), { recursive: true });
    writeFileSync(join(root, "node_modules", name, "package.json"), JSON.stringify({ name, ...manifest }));
  }
  return { root, pm: "npm", tsconfig: join(root, "tsconfig.json") };
}

const TS6 = { version: "6.0.3", engines: { node: ">=14.17" } };
const PATCH4 = { version: "4.0.1", engines: { node: ">=22.15.0" } };

test("setup on Node 20 without TypeScript installs TypeScript 5.9 with ts-patch 3.3, and says why", () => {
  const steps = planSetup(projectWith({}), () => undefined, "20.20.2");
  const install = steps.find((s) => s.what.startsWith("install typescript"));
  assert.is(
    install?.what,
    "install typescript@~5.9.0, ts-patch@^3.3.0, esbuild@^0.28.0, @types/node@^20 (TypeScript 5.9 with ts-patch 3.3, since ts-patch 4 (for TypeScript 6) requires Node >=22.15.0 and this is Node 20.20.2): npm install --save-dev typescript@~5.9.0 ts-patch@^3.3.0 esbuild@^0.28.0 @types/node@^20",
  );
});

test("setup on Node 22.15 or newer without TypeScript installs TypeScript 6 with ts-patch 4", () => {
  const steps = planSetup(projectWith({}), () => undefined, "22.23.3");
  assert.ok(
    steps.some(
      (s) =>
        s.what ===
        "install typescript@^6.0.0, ts-patch@^4.0.0, esbuild@^0.28.0, @types/node@^22: npm install --save-dev typescript@^6.0.0 ts-patch@^4.0.0 esbuild@^0.28.0 @types/node@^22",
    ),
    steps.map((s) => s.what).join("\n"),
  );
});

test("setup on Node 20 with TypeScript 6 and no ts-patch refuses with both ways out, instead of installing a ts-patch that refuses this Node", () => {
  try {
    planSetup(projectWith({ typescript: TS6 }), () => undefined, "20.20.2");
    assert.unreachable("setup went on");
  } catch (e) {
    assert.instance(e, CliError);
    assert.is(
      e.message,
      "TypeScript 6.0.3 needs ts-patch 4, which requires Node >=22.15.0, and this is Node 20.20.2 (npm would warn on every install, and refuse with engine-strict)",
    );
    assert.is(
      e.fix,
      "use Node 22.15 or newer; or TypeScript 5.9 with ts-patch 3.3, which run on Node 20: npm install --save-dev typescript@~5.9.0 ts-patch@^3.3.0",
    );
  }
});

test("doctor flags an installed ts-patch whose engines refuse this Node, with the fix", () => {
  const findings = diagnose(
    projectWith({ typescript: TS6, "ts-patch": PATCH4, tamed: { version: "0.1.0", engines: { node: ">=20.19" } } }),
    "20.20.2",
  );
  // (The fake tamed has no transformer to resolve: that finding is not this test's.)
  const problems = findings.filter((f) => !f.ok && f.what.includes("requires Node"));
  assert.equal(
    problems.map((f) => [f.what, f.fix]),
    [
      [
        "ts-patch 4.0.1 requires Node >=22.15.0, and this is Node 20.20.2: npm warns on every install, and refuses with engine-strict",
        "use Node 22.15 or newer; or TypeScript 5.9 with ts-patch 3.3, which run on this Node: npm install --save-dev typescript@~5.9.0 ts-patch@^3.3.0",
      ],
    ],
  );
});

test("doctor says nothing about engines that accept this Node", () => {
  const findings = diagnose(projectWith({ typescript: TS6, "ts-patch": PATCH4 }), "22.23.3");
  assert.not.ok(
    findings.some((f) => f.what.includes("requires Node")),
    findings.map((f) => f.what).join("\n"),
  );
});

test.run();
