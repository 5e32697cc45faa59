// TypeScript 7 (issue 14): the packed tamed installed into a fresh project on TypeScript
// 7.0.2 (no ts-patch), built with `npx tamed build` and with tamed/esbuild, run on real worker threads and
// compared with inline; TypeScript's own errors and tamed's as tsc prints them; and the
// one-paragraph refusal of a TypeScript version tamed does not know, from each entry
// point that loads TypeScript, setup and doctor included; and `npx tamed setup` on a fresh
// TypeScript 7.0.2 project, built with what it wrote and checked by doctor. Packages come
// from npm's cache (--prefer-offline).
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { FIXTURES, npmEnv, ROOT } from "./helpers.mjs";

const work = mkdtempSync(join(tmpdir(), "tamed-ts7-"));
const env = npmEnv({ NO_COLOR: "1" });
delete env.TAMED_INLINE;
const devDependencies = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).devDependencies;
const TS7 = devDependencies.typescript7.replace(/^npm:typescript@/, "");

function sh(cwd, command, args, { ok = true, extraEnv = {} } = {}) {
  const r = spawnSync(command, args, { cwd, env: { ...env, ...extraEnv }, encoding: "utf8", timeout: 180_000 });
  if (ok && r.status !== 0)
    assert.unreachable(
      `\`${command} ${args.join(" ")}\` in ${cwd} exited with ${r.status ?? r.signal}:\n${r.stdout}\n${r.stderr}`,
    );
  return { status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}

const packed = JSON.parse(sh(ROOT, "npm", ["pack", "--json", "--pack-destination", work]).stdout)[0];
const app = join(work, "app");
test.after(() => rmSync(work, { recursive: true, force: true }));

/** A folder whose node_modules/typescript claims `version`: TypeScript versions that do not exist (yet) cannot be installed. */
function projectWithTypeScript(name, version) {
  const dir = join(work, name);
  mkdirSync(join(dir, "node_modules", "typescript"), { recursive: true });
  mkdirSync(join(dir, "src"), { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name, private: true, type: "module" }));
  writeFileSync(
    join(dir, "node_modules", "typescript", "package.json"),
    JSON.stringify({ name: "typescript", version }),
  );
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { module: "nodenext", outDir: "dist" }, include: ["src"] }),
  );
  writeFileSync(
    join(dir, "src", "main.ts"),
    `import { makeAsync } from "tamed";\nexport const double = makeAsync((n: number) => n * 2);\n`,
  );
  return dir;
}

test(`npm install of the packed tamed into a project on TypeScript ${TS7} succeeds, and installs no ts-patch`, () => {
  cpSync(join(FIXTURES, "ts7-app"), app, { recursive: true });
  writeFileSync(
    join(app, "package.json"),
    JSON.stringify({ name: "ts7-app", version: "1.0.0", private: true, type: "module" }),
  );
  const r = sh(app, "npm", [
    "install",
    `typescript@${TS7}`,
    `esbuild@${devDependencies.esbuild}`,
    `@types/node@${devDependencies["@types/node"]}`,
    join(work, packed.filename),
  ]);
  assert.not.match(r.stderr, "ERESOLVE");
  assert.is(JSON.parse(readFileSync(join(app, "node_modules", "typescript", "package.json"), "utf8")).version, TS7);
  assert.not.ok(existsSync(join(app, "node_modules", "ts-patch")), "ts-patch is an optional peer: not installed");
});

test("npx tamed build on TypeScript 7 emits JavaScript, declarations and worker modules where tsc lays them out", () => {
  const r = sh(app, "npx", ["tamed", "build"]);
  assert.is(r.stdout + r.stderr, "");
  const files = [];
  const walk = (d) =>
    readdirSync(d, { withFileTypes: true }).forEach((e) =>
      e.isDirectory() ? walk(join(d, e.name)) : files.push(relative(join(app, "dist"), join(d, e.name))),
    );
  walk(join(app, "dist"));
  assert.equal(files.filter((f) => !f.endsWith(".map")).sort(), [
    "__tamed__/main.slowFib.mjs",
    "__tamed__/main.tally.mjs",
    "__tamed__/manifest.json",
    "main.d.ts",
    "main.js",
    "math.d.ts",
    "math.js",
  ]);
  assert.match(
    readFileSync(join(app, "dist", "main.d.ts"), "utf8"),
    "export declare function tally(words: string[]): Promise<[string, number][]>;",
  );
});

test("functions built by tamed build on TypeScript 7 run on worker threads and return what they return inline", () => {
  const onWorkers = JSON.parse(sh(app, process.execPath, [join("dist", "main.js")]).stdout);
  const inline = JSON.parse(
    sh(app, process.execPath, [join("dist", "main.js")], { extraEnv: { TAMED_INLINE: "1" } }).stdout,
  );
  assert.equal(onWorkers, {
    fib: { value: 6765, onWorker: true },
    tally: [
      ["a", 2],
      ["b", 1],
    ],
  });
  assert.equal({ ...onWorkers, fib: { ...onWorkers.fib, onWorker: false } }, inline);
});

test("tamed build prints TypeScript 7's own errors as its tsc does, and exits with tsc's status", () => {
  writeFileSync(join(app, "src", "typo.ts"), `export const n: number = "one";\n`);
  // Plain tsc, emitting elsewhere: with errors it still emits, and exits 2 (tamed build does likewise).
  const tsc = sh(app, join(app, "node_modules", ".bin", "tsc"), ["-p", ".", "--outDir", join(work, "tsc-out")], {
    ok: false,
  });
  const r = sh(app, "npx", ["tamed", "build"], { ok: false });
  rmSync(join(app, "src", "typo.ts"));
  assert.match(tsc.stdout, "src/typo.ts(1,14): error TS2322: Type 'string' is not assignable to type 'number'.");
  assert.is(r.stdout, tsc.stdout);
  assert.is.not(r.status, 0);
  assert.is(r.status, tsc.status);
});

test("tamed build on TypeScript 7 reports tamed's diagnostic (TS77001) in tsc's form, exits 1 and emits no JavaScript", () => {
  rmSync(join(app, "dist"), { recursive: true, force: true });
  writeFileSync(
    join(app, "src", "bad.ts"),
    `import { makeAsync } from "tamed";\nexport function make(n: number) {\n  return makeAsync((x: number): number => x * n);\n}\n`,
  );
  const r = sh(app, "npx", ["tamed", "build"], { ok: false });
  rmSync(join(app, "src", "bad.ts"));
  assert.is(r.status, 1);
  // The same line as the tspc path prints for this file (test/package.test.mjs, TypeScript 5).
  assert.match(r.stdout, "src/bad.ts(3,47): error TS77001: make uses 'n', a local variable of the enclosing scope");
  assert.not.ok(existsSync(join(app, "dist", "main.js")));
});

test("tamed/esbuild from the packed tamed on TypeScript 7 bundles the project, and its functions run on worker threads with the inline answer", () => {
  writeFileSync(
    join(app, "bundle.mjs"),
    `import * as esbuild from "esbuild";\nimport tamed from "tamed/esbuild";\nawait esbuild.build({ entryPoints: ["src/main.ts"], bundle: true, platform: "node", target: "node20", format: "esm", packages: "external", outdir: "bundle", logLevel: "warning", plugins: [tamed()] });\n`,
  );
  const b = sh(app, process.execPath, ["bundle.mjs"]);
  assert.is(b.stdout + b.stderr, "");
  assert.ok(existsSync(join(app, "bundle", "__tamed__", "manifest.json")));
  const onWorkers = JSON.parse(sh(app, process.execPath, [join("bundle", "main.js")]).stdout);
  const inline = JSON.parse(
    sh(app, process.execPath, [join("bundle", "main.js")], { extraEnv: { TAMED_INLINE: "1" } }).stdout,
  );
  assert.equal(onWorkers.fib, { value: 6765, onWorker: true });
  assert.equal({ ...onWorkers, fib: { ...onWorkers.fib, onWorker: false } }, inline);
});

const setupApp = join(work, "setup-app");

test(`npx tamed setup on a fresh TypeScript ${TS7} project installs esbuild, no ts-patch, sets scripts.build to tamed build, and says why`, () => {
  cpSync(join(FIXTURES, "ts7-app", "src"), join(setupApp, "src"), { recursive: true });
  // The user's own tsconfig, which setup must keep as it is.
  const tsconfig = readFileSync(join(FIXTURES, "ts7-app", "tsconfig.json"), "utf8");
  writeFileSync(join(setupApp, "tsconfig.json"), tsconfig);
  writeFileSync(
    join(setupApp, "package.json"),
    JSON.stringify({ name: "ts7-setup-app", version: "1.0.0", private: true, type: "module" }),
  );
  sh(setupApp, "npm", [
    "install",
    `typescript@${TS7}`,
    `@types/node@${devDependencies["@types/node"]}`,
    join(work, packed.filename),
  ]);
  const r = sh(setupApp, "npx", ["tamed", "setup"]);
  assert.match(r.stdout, `note: TypeScript ${TS7} is installed: tamed builds it with \`tamed build\``);
  assert.match(r.stdout, "- install esbuild@^0.28.0: npm install --save-dev esbuild@^0.28.0");
  assert.match(r.stdout, '- set scripts.build to "tamed build"');
  assert.not.match(r.stdout, "ts-patch@");
  const pkg = JSON.parse(readFileSync(join(setupApp, "package.json"), "utf8"));
  assert.is(pkg.scripts.build, "tamed build");
  assert.ok(pkg.devDependencies.esbuild, JSON.stringify(pkg));
  assert.not.ok(existsSync(join(setupApp, "node_modules", "ts-patch")));
  assert.is(readFileSync(join(setupApp, "tsconfig.json"), "utf8"), tsconfig);
});

test("the build npx tamed setup wrote on TypeScript 7 (npm run build) builds, and its functions run on worker threads", () => {
  sh(setupApp, "npm", ["run", "build"]);
  assert.ok(existsSync(join(setupApp, "dist", "__tamed__", "manifest.json")));
  assert.equal(JSON.parse(sh(setupApp, process.execPath, [join("dist", "main.js")]).stdout), {
    fib: { value: 6765, onWorker: true },
    tally: [
      ["a", 2],
      ["b", 1],
    ],
  });
});

test("npx tamed doctor on the TypeScript 7 project npx tamed setup set up and built finds no problems", () => {
  const r = sh(setupApp, "npx", ["tamed", "doctor"]);
  assert.match(r.stdout, "ok       scripts.build runs tamed build");
  assert.match(r.stdout, "ok       dist/ has its worker modules (__tamed__/)");
  assert.match(r.stdout, /no problems found\n$/);
});

test("npx tamed setup again on the TypeScript 7 project changes nothing", () => {
  assert.match(sh(setupApp, "npx", ["tamed", "setup"]).stdout, "tamed setup: nothing to do");
});

for (const version of ["7.1.0-dev.20261021.1", "8.0.0"]) {
  test(`tamed setup on TypeScript ${version} refuses with the one paragraph tamed build prints, installs nothing and exits 1`, () => {
    const dir = projectWithTypeScript(`setup-v${version}`, version);
    const cli = join(app, "node_modules", "tamed", "dist", "cli", "index.js");
    const r = sh(dir, process.execPath, [cli, "setup"], { ok: false });
    const built = sh(dir, process.execPath, [cli, "build"], { ok: false });
    assert.is(r.status, 1);
    assert.is(r.stdout, "");
    assert.is(r.stderr, built.stderr.replace("tamed: tamed build found", "tamed: tamed setup found"));
    assert.is(JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).scripts, undefined);
  });

  test(`tamed doctor on TypeScript ${version} reports the one paragraph tamed build prints, without a stack trace`, () => {
    const dir = projectWithTypeScript(`doctor-v${version}`, version);
    const cli = join(app, "node_modules", "tamed", "dist", "cli", "index.js");
    const r = sh(dir, process.execPath, [cli, "doctor"], { ok: false });
    const built = sh(dir, process.execPath, [cli, "build"], { ok: false });
    assert.is(r.status, 1);
    assert.is(r.stderr, "");
    assert.match(
      r.stdout,
      `PROBLEM  ${built.stderr.trim().replace("tamed: tamed build found", "tamed doctor found")}\n`,
    );
    assert.not.match(r.stdout, /\n\s+at /);
  });
}

for (const version of ["7.1.0-dev.20261021.1", "8.0.0"]) {
  test(`tamed build on TypeScript ${version} refuses in one paragraph naming the version, the supported range and what to do`, () => {
    const dir = projectWithTypeScript(`v${version}`, version);
    const r = sh(dir, process.execPath, [join(app, "node_modules", "tamed", "dist", "cli", "index.js"), "build"], {
      ok: false,
    });
    assert.is(r.status, 1);
    assert.is(r.stdout, "");
    assert.is(r.stderr.trim().split("\n").length, 1, r.stderr);
    assert.match(r.stderr, `tamed: tamed build found TypeScript ${version} (`);
    assert.match(
      r.stderr,
      "it supports TypeScript 5.9 and 6 (with ts-patch + tspc, or a bundler plugin) and 7.0.2 or a later 7.0.x (with npx tamed build, or a bundler plugin)",
    );
    assert.match(r.stderr, "Install a supported version (for instance `npm install -D typescript@~7.0.2`");
  });
}

test("tamed/esbuild on an unknown TypeScript (8.0.0) refuses with the same paragraph, as an esbuild error without a stack trace", () => {
  const dir = projectWithTypeScript("esbuild-v8", "8.0.0");
  // tamed and esbuild from the app's install, as a project's own would be.
  cpSync(join(app, "node_modules", "tamed"), join(dir, "node_modules", "tamed"), { recursive: true });
  const script = `import * as esbuild from ${JSON.stringify(join(app, "node_modules", "esbuild", "lib", "main.js"))};\nimport tamed from "tamed/esbuild";\nconst r = await esbuild.build({ absWorkingDir: ${JSON.stringify(dir)}, entryPoints: ["src/main.ts"], bundle: true, platform: "node", format: "esm", outdir: "bundle", packages: "external", logLevel: "silent", plugins: [tamed()] }).catch((e) => e);\nconsole.log(JSON.stringify(r.errors.map((e) => e.text)));\n`;
  writeFileSync(join(dir, "bundle.mjs"), script);
  const [text, ...rest] = JSON.parse(sh(dir, process.execPath, ["bundle.mjs"]).stdout);
  assert.equal(rest, []);
  assert.match(text, "tamed: tamed's bundler plugin found TypeScript 8.0.0 (");
  assert.match(text, "a version tamed does not support");
  assert.not.match(text, /\n\s+at /);
});

test("tamed/vite on an unknown TypeScript (8.0.0) refuses with the same paragraph, as a build error without a stack trace", () => {
  const dir = projectWithTypeScript("vite-v8", "8.0.0");
  // tamed from the app's install, as a project's own would be; Vite and unplugin from this repository's.
  cpSync(join(app, "node_modules", "tamed"), join(dir, "node_modules", "tamed"), { recursive: true });
  symlinkSync(join(ROOT, "node_modules", "unplugin"), join(dir, "node_modules", "unplugin"), "dir");
  const vite = pathToFileURL(join(ROOT, "node_modules", "vite", "dist", "node", "index.js")).href;
  const script = `import { build } from ${JSON.stringify(vite)};\nimport tamed from "tamed/vite";\nconst e = await build({ root: ${JSON.stringify(dir)}, configFile: false, logLevel: "silent", plugins: [tamed()], build: { ssr: "src/main.ts", outDir: "bundle" } }).then(() => undefined, (e) => e);\nconsole.log(JSON.stringify(e?.message ?? "the build succeeded"));\n`;
  writeFileSync(join(dir, "bundle.mjs"), script);
  const text = JSON.parse(sh(dir, process.execPath, ["bundle.mjs"]).stdout);
  assert.match(text, "tamed: tamed's bundler plugin found TypeScript 8.0.0 (");
  assert.match(text, "a version tamed does not support");
  assert.not.match(text, /\n\s+at /);
});

test("tspc on an unknown TypeScript (5.9.3 relabelled 5.8.3) stops before emitting, with the same paragraph and no stack frames", () => {
  const dir = join(work, "tspc-v5.8");
  const ts = join(dir, "node_modules", "typescript");
  mkdirSync(join(dir, "src"), { recursive: true });
  // TypeScript 5.8 is not in npm's cache: the repository's 5.9, its version rewritten where tspc and tamed read it.
  cpSync(join(ROOT, "node_modules", "typescript5"), ts, { recursive: true });
  for (const f of ["package.json", "lib/_tsc.js", "lib/typescript.js"]) {
    const text = readFileSync(join(ts, f), "utf8");
    const relabelled = text
      .replace(/"version": "5\.9\.\d+"/, '"version": "5.8.3"')
      .replace(/^var versionMajorMinor = "5\.9";$/m, 'var versionMajorMinor = "5.8";')
      .replace(/^var version = "5\.9\.\d+";$/m, 'var version = "5.8.3";');
    assert.ok(relabelled !== text, `${f} names no 5.9 version to relabel`);
    writeFileSync(join(ts, f), relabelled);
  }
  cpSync(join(app, "node_modules", "tamed"), join(dir, "node_modules", "tamed"), { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "tspc-v5.8", private: true, type: "module" }));
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        module: "nodenext",
        outDir: "dist",
        skipLibCheck: true,
        types: [],
        plugins: [{ transform: "tamed/transformer" }],
      },
      include: ["src"],
    }),
  );
  writeFileSync(
    join(dir, "src", "main.ts"),
    `import { makeAsync } from "tamed";\nexport const double = makeAsync((n: number) => n * 2);\n`,
  );
  // The repository's ts-patch 3.3, pointed at this TypeScript (it would resolve its own neighbour otherwise).
  const r = sh(dir, process.execPath, [join(ROOT, "node_modules", "ts-patch3", "bin", "tspc.js"), "-p", "."], {
    ok: false,
    extraEnv: { TSP_COMPILER_TS_PATH: join(ts, "lib", "typescript.js"), TSP_SKIP_CACHE: "true" },
  });
  assert.is.not(r.status, 0);
  assert.match(
    r.stderr,
    "tamed: tamed/transformer (tspc) found TypeScript 5.8.3 (the TypeScript tspc runs), a version tamed does not support: it supports TypeScript 5.9 and 6",
  );
  assert.not.match(r.stderr, /\n\s+at /);
  assert.not.ok(existsSync(join(dir, "dist")), "tspc emitted a build tamed refused");
});

test.run();
