// doctor on tsconfigs that tsc refuses before tamed's plugin runs: TypeScript 6's TS5011 (outDir without
// rootDir), tamed's declarations without Node's types (TS2591), and a lib without what those declarations
// use (TS2550 on Symbol.dispose, TS2304 on AggregateError). Projects made by hand in a temporary folder
// (package.json files only, no npm); test/package.test.mjs builds the README's tsconfig with real installs.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { diagnose } from "../../dist/cli/doctor.js";
import { tempProject } from "./temp-project.mjs";

const dirs = [];
test.after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const PLUGIN = { plugins: [{ transform: "tamed/transformer" }] };
const TOOLS6 = { typescript: "6.0.3", "ts-patch": "4.0.1", esbuild: "0.28.2", tamed: "0.1.0" };
const TOOLS5 = { typescript: "5.9.3", "ts-patch": "3.3.0", esbuild: "0.28.2", tamed: "0.1.0" };

/**
 * A project with these packages "installed", this tsconfig (compilerOptions, and the rest of the file), and
 * src/main.ts. `nodeTypes`: "declares-dispose" writes the file of @types/node that declares Symbol.dispose.
 */
function projectWith(
  packages,
  compilerOptions,
  { rest = {}, sources = ["src/main.ts"], nodeTypes, build = "tspc" } = {},
) {
  const p = tempProject(dirs, {
    prefix: "tamed-doctor-tsconfig-",
    packages,
    build,
    tsconfig: JSON.stringify({ compilerOptions: { ...compilerOptions, ...PLUGIN }, ...rest }, null, 2),
  });
  for (const s of sources) {
    mkdirSync(join(p.root, s, ".."), { recursive: true });
    writeFileSync(join(p.root, s), 'import { makeAsync } from "tamed";\nexport const f = makeAsync(() => 1);\n');
  }
  if (nodeTypes === "declares-dispose") {
    const dir = join(p.root, "node_modules", "@types", "node", "compatibility");
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, "disposable.d.ts"),
      "interface SymbolConstructor {\n    readonly dispose: unique symbol;\n    readonly asyncDispose: unique symbol;\n}\n",
    );
  }
  return p;
}

/** doctor's problems about the tsconfig's compiler options (not its plugin entry), as "what | fix". */
const tsconfigProblems = (p) =>
  diagnose(p, "22.23.3")
    .filter((f) => !f.ok && /^tsconfig\.json|^@types\/node/.test(f.what) && !f.what.includes("compilerOptions.plugins"))
    .map((f) => `${f.what} | ${f.fix}`);

const GOOD = { module: "nodenext", rootDir: "src", outDir: "out", types: ["node"] };
const NODE_TYPES = { "@types/node": "20.19.43" };

test("doctor finds nothing wrong with the README's tsconfig on TypeScript 6 and 5.9", () => {
  for (const tools of [TOOLS6, TOOLS5]) {
    const p = projectWith({ ...tools, ...NODE_TYPES }, GOOD, {
      rest: { include: ["src"] },
      nodeTypes: "declares-dispose",
    });
    assert.equal(tsconfigProblems(p), [], tools.typescript);
  }
});

// (a) TS5011
test("doctor flags outDir without rootDir on TypeScript 6 when the sources share a folder (TS5011), with the fix", () => {
  const { rootDir, ...noRootDir } = GOOD;
  const p = projectWith({ ...TOOLS6, ...NODE_TYPES }, noRootDir, {
    sources: ["src/main.ts", "src/lib/util.ts"],
    nodeTypes: "declares-dispose",
  });
  assert.equal(tsconfigProblems(p), [
    'tsconfig.json sets "outDir" without "rootDir", and its sources are all in src/: TypeScript 6 stops with TS5011 (since 6 it no longer takes rootDir from where the sources are) | add "rootDir": "src" to compilerOptions',
  ]);
});

test("doctor flags the same on TypeScript 7.0, whose tsc type-checks tamed build's project as 6's does", () => {
  const { rootDir, types, ...neither } = GOOD;
  const p = projectWith({ typescript: "7.0.2", esbuild: "0.28.2", tamed: "0.1.0", ...NODE_TYPES }, neither, {
    build: "tamed build",
    nodeTypes: "declares-dispose",
  });
  assert.equal(tsconfigProblems(p), [
    'tsconfig.json sets "outDir" without "rootDir", and its sources are all in src/: TypeScript 7 stops with TS5011 (since 6 it no longer takes rootDir from where the sources are) | add "rootDir": "src" to compilerOptions',
    'tsconfig.json has no "types", which since TypeScript 6 loads no @types package: @types/node is installed but not loaded, and tamed\'s declarations, which import node:worker_threads, fail with TS2591 | add "types": ["node"] to compilerOptions',
  ]);
});

test("doctor says nothing of a missing rootDir on TypeScript 5.9, with sources at the top, with noEmit or composite", () => {
  const { rootDir, ...noRootDir } = GOOD;
  const cases = [
    [TOOLS5, noRootDir, ["src/main.ts"]],
    [TOOLS6, noRootDir, ["main.ts", "src/tasks.ts"]],
    [TOOLS6, { ...noRootDir, noEmit: true }, ["src/main.ts"]],
    [TOOLS6, { ...noRootDir, composite: true }, ["src/main.ts"]],
  ];
  for (const [tools, options, sources] of cases) {
    const p = projectWith({ ...tools, ...NODE_TYPES }, options, { sources, nodeTypes: "declares-dispose" });
    assert.equal(tsconfigProblems(p), [], JSON.stringify([tools.typescript, options, sources]));
  }
});

test("doctor reads include's folders for the common source folder of TS5011", () => {
  const { rootDir, ...noRootDir } = GOOD;
  const p = projectWith({ ...TOOLS6, ...NODE_TYPES }, noRootDir, {
    rest: { include: ["packages/app/src/**/*.ts"] },
    sources: ["packages/app/src/main.ts", "scripts/other.ts"],
    nodeTypes: "declares-dispose",
  });
  assert.equal(tsconfigProblems(p), [
    'tsconfig.json sets "outDir" without "rootDir", and its sources are all in packages/app/src/: TypeScript 6 stops with TS5011 (since 6 it no longer takes rootDir from where the sources are) | add "rootDir": "packages/app/src" to compilerOptions',
  ]);
});

// (b) Node's types
test("doctor flags a project without @types/node: tamed's declarations fail with TS2591, with the fix", () => {
  const p = projectWith(TOOLS6, GOOD);
  assert.equal(tsconfigProblems(p), [
    "@types/node is not installed: tamed's declarations import node:worker_threads and node:async_hooks, so tsc reports TS2591 (Cannot find name 'node:worker_threads') in node_modules/tamed | npm install --save-dev @types/node",
  ]);
});

test('doctor flags TypeScript 6 without "types", where @types/node is installed but not loaded (TS2591), with the fix', () => {
  const { types, ...noTypes } = GOOD;
  const p = projectWith({ ...TOOLS6, ...NODE_TYPES }, noTypes, { nodeTypes: "declares-dispose" });
  assert.equal(tsconfigProblems(p), [
    'tsconfig.json has no "types", which since TypeScript 6 loads no @types package: @types/node is installed but not loaded, and tamed\'s declarations, which import node:worker_threads, fail with TS2591 | add "types": ["node"] to compilerOptions',
  ]);
});

test('doctor flags "types" that leave out "node" (TS2591), with the fix; on TypeScript 5.9 no "types" loads them all', () => {
  const p = projectWith(
    { ...TOOLS5, ...NODE_TYPES },
    { ...GOOD, types: ["vitest/globals"] },
    { nodeTypes: "declares-dispose" },
  );
  assert.equal(tsconfigProblems(p), [
    'tsconfig.json\'s "types" (["vitest/globals"]) leaves out "node": @types/node is installed but not loaded, and tamed\'s declarations, which import node:worker_threads, fail with TS2591 | add "node" to compilerOptions.types',
  ]);
  const { types, ...noTypes } = GOOD;
  assert.equal(
    tsconfigProblems(projectWith({ ...TOOLS5, ...NODE_TYPES }, noTypes, { nodeTypes: "declares-dispose" })),
    [],
  );
});

test("doctor says nothing of Node's types with skipLibCheck (tsc does not check tamed's declarations then)", () => {
  const { types, ...noTypes } = GOOD;
  assert.equal(tsconfigProblems(projectWith(TOOLS6, { ...noTypes, skipLibCheck: true })), []);
});

// (c) lib
test("doctor flags a lib without Symbol.dispose when @types/node does not declare it (TS2550), with the fix", () => {
  const p = projectWith({ ...TOOLS6, "@types/node": "18.11.9" }, { ...GOOD, lib: ["es2022"] });
  assert.equal(tsconfigProblems(p), [
    'tsconfig.json\'s "lib" (["es2022"]) has no Symbol.dispose and Symbol.asyncDispose (esnext.disposable), which tamed\'s declarations use, and @types/node 18.11.9 does not declare them: tsc reports TS2550 in node_modules/tamed | add "esnext.disposable" to "lib", or install a newer @types/node (which declares them), or set "skipLibCheck": true',
  ]);
});

test("doctor flags a target whose default lib has no AggregateError nor Symbol.dispose (TS2304, TS2550), with the fix", () => {
  const p = projectWith({ ...TOOLS5, "@types/node": "18.11.9" }, { ...GOOD, module: "commonjs" });
  assert.equal(tsconfigProblems(p), [
    'tsconfig.json\'s default target (es5 on TypeScript 5.9 with module commonjs, and no "target" nor "lib") has no AggregateError (es2021) and no Symbol.dispose and Symbol.asyncDispose (esnext.disposable), which tamed\'s declarations use, and @types/node 18.11.9 does not declare them: tsc reports TS2304 and TS2550 in node_modules/tamed | add "lib": ["es2021", "esnext.disposable"] (or a later ES version than es2021), or set "skipLibCheck": true',
  ]);
});

test("doctor says nothing of a lib without Symbol.dispose when Node's types declare it, or with skipLibCheck, or esnext", () => {
  for (const [packages, options, nodeTypes] of [
    [{ ...TOOLS6, ...NODE_TYPES }, { ...GOOD, lib: ["es2022"] }, "declares-dispose"],
    [{ ...TOOLS6, "@types/node": "18.11.9" }, { ...GOOD, lib: ["es2022"], skipLibCheck: true }, undefined],
    [{ ...TOOLS6, "@types/node": "18.11.9" }, { ...GOOD, lib: ["ES2023", "ESNext.Disposable"] }, undefined],
    [{ ...TOOLS6, "@types/node": "18.11.9" }, { ...GOOD, target: "esnext" }, undefined],
    [{ ...TOOLS5, "@types/node": "18.11.9" }, GOOD, undefined], // nodenext: TypeScript 5.9's target is esnext
  ])
    assert.equal(tsconfigProblems(projectWith(packages, options, { nodeTypes })), [], JSON.stringify(options));
});

test("doctor leaves options alone that a package's base tsconfig may set (not read)", () => {
  const p = projectWith(
    { ...TOOLS6, "@types/node": "18.11.9" },
    { module: "nodenext", outDir: "out" },
    {
      rest: { extends: "@tsconfig/node22/tsconfig.json" },
    },
  );
  assert.equal(tsconfigProblems(p), []);
});

test.run();
