// `tamed setup` on a project that builds with a bundler (a vite/rollup/webpack/rspack config or an
// esbuild build script at its top), on TypeScript 6 and 7.0 alike: tamed's plugin for the tool does
// the build's part, so setup installs what the plugin needs, leaves tsconfig.json and scripts.build
// alone, and says what to add to a config that lacks the plugin. Projects made by hand in a
// temporary folder (package.json files only, no npm).
import { readFileSync, rmSync } from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { planSetup } from "../../dist/cli/setup.js";
import { tempProject } from "./temp-project.mjs";

const dirs = [];
test.after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const TSCONFIG = '{ "compilerOptions": { "module": "nodenext" } }\n';
const VITE =
  'import { defineConfig } from "vite";\n\nexport default defineConfig({ build: { ssr: "src/main.ts" } });\n';
const ESBUILD_SCRIPT =
  'import * as esbuild from "esbuild";\n\nawait esbuild.build({ entryPoints: ["src/main.ts"], bundle: true, outdir: "dist" });\n';

/** A project with these packages "installed", these files at its top, and this build script (none if undefined). */
const projectWith = (packages, files, build) =>
  tempProject(dirs, { prefix: "tamed-setup-bundlers-", packages, files, build, tsconfig: TSCONFIG });

function plan(p) {
  const notes = [];
  const steps = planSetup(p, (n) => notes.push(n), "22.23.3");
  return { steps: steps.map((s) => `${s.byHand === true ? "by hand: " : ""}${s.what}`), notes };
}

const VITE_NOTE =
  "this project builds with a bundler (vite.config.ts: Vite): tamed's plugin for it analyses the project and builds the worker modules in the bundler's build, so no ts-patch, no tspc or tamed build, and tsconfig.json and scripts.build stay as they are";
const ADD_VITE =
  'by hand: add tamed\'s plugin to vite.config.ts: `import tamed from "tamed/vite";` and `tamed()` first in its `plugins` (it edits the TypeScript before the types are stripped)';

for (const [version, packages] of [
  ["6.0.3", { typescript: "6.0.3" }],
  ["7.0.2", { typescript: "7.0.2" }],
]) {
  test(`setup on TypeScript ${version} with a vite.config.ts that lacks tamed's plugin installs esbuild and unplugin (no ts-patch), leaves tsconfig.json and scripts.build, and says what to add`, () => {
    const p = projectWith(packages, { "vite.config.ts": VITE }, "vite build");
    assert.equal(plan(p), {
      steps: [
        "install esbuild@^0.28.0, unplugin@^3.0.0: npm install --save-dev esbuild@^0.28.0 unplugin@^3.0.0",
        ADD_VITE,
      ],
      notes: [VITE_NOTE],
    });
    assert.is(readFileSync(p.tsconfig, "utf8"), TSCONFIG);
  });
}

test("setup on TypeScript 7.0.2 with an esbuild build script and no build script says to add tamed/esbuild, and sets no scripts.build", () => {
  const p = projectWith({ typescript: "7.0.2", esbuild: "0.28.0" }, { "build.mjs": ESBUILD_SCRIPT }, undefined);
  assert.equal(plan(p).steps, [
    'by hand: add tamed\'s plugin to build.mjs: `import tamed from "tamed/esbuild";` and `plugins: [tamed()]` to the options of its esbuild build',
  ]);
});

test("setup without TypeScript on a bundler project installs TypeScript 6 without ts-patch, and nothing is left to add to a config that uses the plugin", () => {
  const rollup = 'import tamed from "tamed/rollup";\n\nexport default { input: "src/main.ts", plugins: [tamed()] };\n';
  const p = projectWith({ esbuild: "0.28.0", unplugin: "3.0.0" }, { "rollup.config.mjs": rollup }, "rollup -c");
  assert.equal(plan(p).steps, ["install typescript@^6.0.0: npm install --save-dev typescript@^6.0.0"]);
});

test("setup on a bundler project whose build script type-checks with tsc first (tsc -b && vite build) leaves the script as it is", () => {
  const p = projectWith(
    { typescript: "6.0.3", esbuild: "0.28.0", unplugin: "3.0.0" },
    { "vite.config.ts": VITE },
    "tsc -b && vite build",
  );
  assert.equal(plan(p).steps, [ADD_VITE]);
});

test("setup on a project that builds with tsc alone beside a bundler config keeps tsc's path, and names the config", () => {
  // Node's types seen to already, so that the steps are those of the build path alone.
  const p = tempProject(dirs, {
    prefix: "tamed-setup-bundlers-",
    packages: { typescript: "7.0.2", esbuild: "0.28.0", "@types/node": "22.0.0" },
    files: { "vite.config.ts": VITE },
    build: "tsc",
    tsconfig: '{ "compilerOptions": { "module": "nodenext", "types": ["node"] } }\n',
  });
  const { steps, notes } = plan(p);
  assert.equal(steps, ['change scripts.build from "tsc" to "tamed build"']);
  assert.ok(
    notes.some((n) =>
      n.startsWith(
        "vite.config.ts builds with Vite too: if its bundle holds marked functions, add tamed's plugin to vite.config.ts: ",
      ),
    ),
    notes.join("\n"),
  );
});

test.run();
