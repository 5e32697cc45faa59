// doctor on a project that builds with a bundler and tamed's plugin for it: tspc's checks
// do not apply; TypeScript, esbuild and (for the unplugin-made plugins) unplugin must be installed.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { diagnose } from "../../dist/cli/doctor.js";

const dirs = [];
test.after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function project(files) {
  const root = mkdtempSync(join(tmpdir(), "tamed-doctor-"));
  dirs.push(root);
  writeFileSync(join(root, "package.json"), JSON.stringify({ name: "app", scripts: { build: "vite build" } }));
  writeFileSync(join(root, "tsconfig.json"), '{ "compilerOptions": { "module": "preserve" } }');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text);
  return { root, pm: "npm", tsconfig: join(root, "tsconfig.json") };
}

test("doctor on a Vite project with tamed/vite: no tspc checks, and what is not installed, with the fix", () => {
  const found = diagnose(
    project({ "vite.config.ts": 'import tamed from "tamed/vite";\nexport default { plugins: [tamed()] };\n' }),
  );
  const problems = found.filter((f) => !f.ok).map((f) => `${f.what} | ${f.fix}`);
  assert.ok(
    found.some((f) => f.ok && f.what === "vite.config.ts builds with tamed/vite"),
    JSON.stringify(found),
  );
  assert.ok(!found.some((f) => /tspc|ts-patch|compilerOptions\.plugins/.test(f.what)), JSON.stringify(found));
  for (const [name, why] of [
    ["typescript", "tamed's plugin analyses the project with it"],
    ["esbuild", "tamed's plugin bundles the worker modules with it"],
    ["unplugin", "tamed/vite is made with it"],
  ]) {
    assert.ok(
      problems.some((p) => p.startsWith(`${name} is not installed: ${why} | npm install --save-dev ${name}`)),
      problems.join("\n"),
    );
  }
});

test("doctor on an esbuild build script with tamed/esbuild does not ask for unplugin", () => {
  const found = diagnose(project({ "build.mjs": 'import tamed from "tamed/esbuild";\n' }));
  assert.ok(
    found.some((f) => f.what === "build.mjs builds with tamed/esbuild"),
    JSON.stringify(found),
  );
  assert.ok(!found.some((f) => f.what.startsWith("unplugin")), JSON.stringify(found));
});

test("doctor on a tspc project whose vitest config uses tamed/vite: tspc's checks and the plugin's both", () => {
  const p = project({
    "vitest.config.mjs": 'import tamed from "tamed/vite";\nexport default { plugins: [tamed()] };\n',
  });
  writeFileSync(p.tsconfig, '{ "compilerOptions": { "plugins": [{ "transform": "tamed/transformer" }] } }');
  const found = diagnose(p);
  assert.ok(
    found.some((f) => f.ok && f.what === "the plugin is in tsconfig.json"),
    JSON.stringify(found),
  );
  assert.ok(
    found.some((f) => f.ok && f.what === "vitest.config.mjs builds with tamed/vite"),
    JSON.stringify(found),
  );
  assert.ok(
    found.some((f) => !f.ok && f.what === "unplugin is not installed: tamed/vite is made with it"),
    JSON.stringify(found),
  );
  assert.ok(
    found.some((f) => !f.ok && f.what.startsWith("scripts.build (`vite build`) does not run tspc")),
    JSON.stringify(found),
  );
});

test("doctor on a Vite project whose config does not use tamed/vite yet says to add the plugin, not to set up tspc", () => {
  const found = diagnose(
    project({
      "vite.config.js":
        'import { defineConfig } from "vite";\nexport default defineConfig({ build: { ssr: "src/main.ts" } });\n',
    }),
  );
  const problems = found.filter((f) => !f.ok);
  assert.ok(
    problems.some(
      (f) =>
        f.what ===
          "vite.config.js does not use tamed/vite: Vite builds this project, and without the plugin no marked function runs on a worker" &&
        f.fix ===
          'add tamed\'s plugin to vite.config.js: `import tamed from "tamed/vite";` and `tamed()` first in its `plugins` (it edits the TypeScript before the types are stripped)',
    ),
    JSON.stringify(problems, null, 1),
  );
  assert.ok(
    !found.some((f) => /tspc|ts-patch|compilerOptions\.plugins/.test(`${f.what} ${f.fix ?? ""}`)),
    JSON.stringify(found, null, 1),
  );
});

test.run();
