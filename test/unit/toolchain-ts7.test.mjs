// setup and doctor on a project whose TypeScript is 7.0.x (built with `tamed build`: no
// ts-patch, no tspc, no plugin entry), and on TypeScript versions tamed does not support.
// Projects made by hand in a temporary folder: package.json files only, no npm (the
// packed tarball on a real TypeScript 7 install is test/typescript7.test.mjs's).
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { diagnose } from "../../dist/cli/doctor.js";
import { CliError } from "../../dist/cli/project.js";
import { planSetup } from "../../dist/cli/setup.js";
import { tempProject } from "./temp-project.mjs";

const dirs = [];
test.after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

// skipLibCheck, as in a real TypeScript 7 project's (test/fixtures/ts7-app): TypeScript 7 loads no @types package
// unless "types" names it, and the stand-in packages here have no declarations (doctor-tsconfig.test.mjs checks that).
const TSCONFIG = '{ "compilerOptions": { "module": "nodenext", "outDir": "dist", "skipLibCheck": true } }\n';

/** A project with these packages "installed" (name → version) and this build script (none if undefined). */
const projectWith = (packages, build, tsconfig = TSCONFIG) =>
  tempProject(dirs, { prefix: "tamed-ts7-", packages, build, tsconfig });

const SET_UP = { typescript: "7.0.2", esbuild: "0.28.0", tamed: "0.1.0" };
const whats = (steps) => steps.map((s) => s.what);
const problems = (findings) => findings.filter((f) => !f.ok).map((f) => `${f.what} | ${f.fix}`);

test("setup on TypeScript 7.0.2 installs esbuild, and no ts-patch", () => {
  const steps = whats(planSetup(projectWith({ typescript: "7.0.2" }, undefined), () => undefined));
  assert.ok(steps.includes("install esbuild@^0.28.0: npm install --save-dev esbuild@^0.28.0"), steps.join("\n"));
  assert.not.ok(
    steps.some((s) => s.includes("ts-patch")),
    steps.join("\n"),
  );
});

test("setup on TypeScript 7.0.2 sets scripts.build to tamed build and leaves tsconfig.json as it is", () => {
  const p = projectWith({ typescript: "7.0.2", esbuild: "0.28.0" }, undefined);
  const steps = planSetup(p, () => undefined);
  assert.equal(whats(steps), ['set scripts.build to "tamed build"']);
  steps.forEach((s) => s.run());
  assert.is(JSON.parse(readFileSync(join(p.root, "package.json"), "utf8")).scripts.build, "tamed build");
  assert.is(readFileSync(p.tsconfig, "utf8"), TSCONFIG);
});

test("setup on TypeScript 7.0.2 turns a build script's tsc into tamed build, keeping its arguments", () => {
  const steps = whats(
    planSetup(
      projectWith({ typescript: "7.0.2", esbuild: "0.28.0" }, "tsc -p tsconfig.build.json && node copy.mjs"),
      () => undefined,
    ),
  );
  assert.equal(steps, [
    'change scripts.build from "tsc -p tsconfig.build.json && node copy.mjs" to "tamed build -p tsconfig.build.json && node copy.mjs"',
  ]);
});

test("setup on TypeScript 7.0.2 turns tsc --watch into tamed build --watch", () => {
  const steps = whats(
    planSetup(projectWith({ typescript: "7.0.2", esbuild: "0.28.0" }, "tsc --watch -p tsconfig.json"), () => undefined),
  );
  assert.equal(steps, [
    'change scripts.build from "tsc --watch -p tsconfig.json" to "tamed build --watch -p tsconfig.json"',
  ]);
});

test("setup on TypeScript 7.0.2 turns a build script's tspc into tamed build", () => {
  const steps = whats(planSetup(projectWith({ typescript: "7.0.2", esbuild: "0.28.0" }, "tspc"), () => undefined));
  assert.equal(steps, ['change scripts.build from "tspc" to "tamed build"']);
});

test("setup on TypeScript 7.0.2 leaves a build script whose tsc has flags tamed build does not take, and says which", () => {
  for (const script of ["tsc -b", "tsc --outDir lib -p tsconfig.json", "tsc --noEmitOnError && node copy.mjs"]) {
    const notes = [];
    const steps = whats(
      planSetup(projectWith({ typescript: "7.0.2", esbuild: "0.28.0" }, script), (m) => notes.push(m)),
    );
    assert.equal(steps, [], script);
    const flag = script.split(" ")[1];
    assert.ok(
      notes.some((n) => n.includes(`\`${script}\``) && n.includes(`\`${flag}\``) && n.includes("-p/--project")),
      `${script}: ${notes.join("\n")}`,
    );
  }
});

test("setup on TypeScript 7.0.2 says it chose tamed build, and why", () => {
  const notes = [];
  planSetup(projectWith({ typescript: "7.0.2" }, undefined), (n) => notes.push(n));
  assert.equal(notes, [
    "TypeScript 7.0.2 is installed: tamed builds it with `tamed build` (TypeScript 7's tsc type-checks, tamed emits the JavaScript and worker modules with esbuild), since TypeScript 7 has no transformer API and ts-patch cannot patch it; so no ts-patch, no tspc, and no plugin in tsconfig.json",
  ]);
});

test("setup on a TypeScript 7.0.2 project already set up has nothing to do", () => {
  assert.equal(
    planSetup(projectWith(SET_UP, "tamed build"), () => undefined),
    [],
  );
});

for (const version of ["7.1.0-dev.20261021.1", "8.0.0"]) {
  test(`setup on TypeScript ${version} refuses with the paragraph the other entry points print, and installs nothing`, () => {
    try {
      planSetup(projectWith({ typescript: version }, undefined), () => undefined);
      assert.unreachable("setup went on");
    } catch (e) {
      assert.instance(e, CliError);
      assert.match(
        e.message,
        new RegExp(
          `^tamed setup found TypeScript ${version.replaceAll(".", "\\.")} \\(.*\\), a version tamed does not support: it supports TypeScript 5\\.9 and 6 `,
        ),
      );
      assert.match(e.message, "Install a supported version (for instance `npm install -D typescript@~7.0.2`");
      assert.is(e.fix, "");
      assert.is(e.status, 1);
    }
  });
}

test("doctor on a TypeScript 7.0.2 project that builds with tamed build finds no problems", () => {
  const found = diagnose(projectWith(SET_UP, "tamed build"));
  assert.equal(problems(found), []);
  assert.ok(
    found.some((f) => f.what === "scripts.build runs tamed build"),
    JSON.stringify(found),
  );
  assert.not.ok(
    found.some((f) => /tspc|ts-patch|compilerOptions\.plugins/.test(f.what) && !f.what.startsWith("typescript ")),
    JSON.stringify(found),
  );
});

test("doctor on a TypeScript 7.0.2 project whose build runs tspc says tspc cannot load TypeScript 7, and to use tamed build", () => {
  const tsconfig =
    '{ "compilerOptions": { "outDir": "dist", "skipLibCheck": true, "plugins": [{ "transform": "tamed/transformer" }] } }';
  assert.equal(problems(diagnose(projectWith({ ...SET_UP, "ts-patch": "4.0.1" }, "tspc", tsconfig))), [
    "scripts.build (`tspc`) runs tspc, which cannot load TypeScript 7 (ts-patch patches TypeScript 5.9 and 6 only): the build fails | make it run `tamed build` where it compiles TypeScript (npx tamed setup does that)",
  ]);
});

test("doctor on a TypeScript 7.0.2 project whose build runs tsc with tamed's plugin says tsc emits no worker modules, and to use tamed build", () => {
  const tsconfig =
    '{ "compilerOptions": { "outDir": "dist", "skipLibCheck": true, "plugins": [{ "transform": "tamed/transformer" }] } }';
  assert.equal(problems(diagnose(projectWith(SET_UP, "tsc", tsconfig))), [
    "scripts.build (`tsc`) runs TypeScript 7's tsc, which loads no plugins: it emits no worker modules, and marked functions throw NotCompiledError | make it run `tamed build` where it compiles TypeScript (npx tamed setup does that)",
  ]);
});

test("doctor on a TypeScript 7.0.2 project without esbuild says tamed build needs it", () => {
  const { esbuild, ...rest } = SET_UP;
  assert.equal(problems(diagnose(projectWith(rest, "tamed build"))), [
    "esbuild is not installed: tamed build writes the JavaScript and the worker modules with it | npm install --save-dev esbuild (or npx tamed setup)",
  ]);
});

/** The installed tamed's plugin entry points, as doctor resolves them (its stand-in package.json has none). */
function withPlugins(p) {
  const dir = join(p.root, "node_modules", "tamed");
  const plugins = ["esbuild", "vite"];
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({
      name: "tamed",
      version: "0.1.0",
      exports: {
        "./package.json": "./package.json",
        ...Object.fromEntries(plugins.map((x) => [`./${x}`, `./${x}.cjs`])),
      },
    }),
  );
  for (const x of plugins) writeFileSync(join(dir, `${x}.cjs`), "");
  return p;
}

test("doctor on a TypeScript 7.0.2 project built with tamed/esbuild finds no problems, and asks for no tamed build", () => {
  const p = withPlugins(projectWith(SET_UP, "node build.mjs"));
  writeFileSync(join(p.root, "build.mjs"), 'import tamed from "tamed/esbuild";\n');
  const found = diagnose(p);
  assert.equal(problems(found), []);
  assert.ok(
    found.some((f) => f.what === "build.mjs builds with tamed/esbuild"),
    JSON.stringify(found),
  );
});

test("doctor on a TypeScript 7.0.2 project built with tamed/vite without unplugin says to install it", () => {
  const p = withPlugins(projectWith(SET_UP, "vite build"));
  writeFileSync(join(p.root, "vite.config.mjs"), 'import tamed from "tamed/vite";\n');
  assert.equal(problems(diagnose(p)), [
    "unplugin is not installed: tamed/vite is made with it | npm install --save-dev unplugin",
  ]);
});

test("doctor on a TypeScript 7.0.2 project that runs tamed build and also uses tamed/vite checks both", () => {
  const p = withPlugins(projectWith(SET_UP, "tamed build"));
  writeFileSync(join(p.root, "vite.config.mjs"), 'import tamed from "tamed/vite";\n');
  const found = diagnose(p);
  assert.equal(problems(found), [
    "unplugin is not installed: tamed/vite is made with it | npm install --save-dev unplugin",
  ]);
  assert.ok(found.some((f) => f.what === "scripts.build runs tamed build"));
});

for (const version of ["7.1.0-dev.20261021.1", "8.0.0"]) {
  test(`doctor on TypeScript ${version} reports the paragraph the other entry points print, and checks nothing else of the build`, () => {
    const found = diagnose(projectWith({ ...SET_UP, typescript: version }, "tamed build"));
    const [problem, ...rest] = found.filter((f) => !f.ok);
    assert.equal(rest, []);
    assert.match(
      problem.what,
      new RegExp(
        `^tamed doctor found TypeScript ${version.replaceAll(".", "\\.")} \\(.*\\), a version tamed does not support`,
      ),
    );
    // Only the Node check beside it: which build to check depends on the TypeScript.
    assert.equal(
      found.filter((f) => f.ok).map((f) => f.what),
      [`Node ${process.versions.node}`],
    );
  });
}

test.run();
