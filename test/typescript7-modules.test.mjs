// `npx tamed build` on TypeScript 7 with the module settings the README lists beyond the
// fidelity corpus' two (nodenext in a "type": "module" package, commonjs): module esnext with
// moduleResolution bundler, node16 in a "type": "module" package, and nodenext in a
// "type": "commonjs" package. The fixtures runtime.test.mjs builds with tspc on TypeScript 6
// (module-esnext, module-node16: the primes program; cjs-nodenext: the cjs one), copied with
// their sources into test/fixtures/.tmp-ts7-modules/, whose node_modules/typescript links to
// the repository's TypeScript 7 (the `typescript7` dev dependency), and run in their own Node
// process: the same output as on TypeScript 6, on worker threads. And ts7-extensions: .mts, .cts
// and .tsx sources in one "type": "module" project; jsx-factory: the classic JSX transform.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { FIXTURES, ROOT, report } from "./helpers.mjs";

const DIR = join(FIXTURES, ".tmp-ts7-modules");
const CLI = join(ROOT, "dist", "cli", "index.js");

rmSync(DIR, { recursive: true, force: true });
mkdirSync(join(DIR, "node_modules"), { recursive: true });
// The fixtures extend ../tsconfig.base.json and compile ../primes/src or ../cjs/src.
cpSync(join(FIXTURES, "tsconfig.base.json"), join(DIR, "tsconfig.base.json"));
for (const fixture of [
  "primes",
  "cjs",
  "module-esnext",
  "module-node16",
  "cjs-nodenext",
  "ts7-extensions",
  "jsx-factory",
])
  cpSync(join(FIXTURES, fixture), join(DIR, fixture), { recursive: true, filter: (f) => !/[\\/]out$/.test(f) });
// node16 and esnext output is ES modules: the package around it says so (cjs-nodenext has its own).
writeFileSync(join(DIR, "package.json"), JSON.stringify({ private: true, type: "module" }) + "\n");
symlinkSync(join(ROOT, "node_modules", "typescript7"), join(DIR, "node_modules", "typescript"), "dir");
test.after(() => rmSync(DIR, { recursive: true, force: true }));

function node(args, extraEnv = {}) {
  const env = { ...process.env, NO_COLOR: "1" };
  delete env.FORCE_COLOR;
  delete env.TAMED_INLINE;
  Object.assign(env, extraEnv);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: DIR, encoding: "utf8", timeout: 120_000, env });
  return { ...r, ms: performance.now() - t0 };
}

test("the fixtures' typescript is TypeScript 7.0", () => {
  assert.match(node(["-p", 'require("typescript/package.json").version']).stdout.trim(), /^7\.0\.\d+$/);
});

const PRIMES = readFileSync(join(FIXTURES, "primes", "expected.stdout"), "utf8");
for (const [fixture, setting, expected, base] of [
  ["module-esnext", "module esnext, moduleResolution bundler", PRIMES, "import.meta.url"],
  ["module-node16", 'module node16 in a "type": "module" package', PRIMES, "import.meta.url"],
  [
    "cjs-nodenext",
    'module nodenext in a "type": "commonjs" package',
    // The cjs fixture's output under nodenext, which keeps import() (test/runtime.test.mjs).
    readFileSync(join(FIXTURES, "cjs", "expected.stdout"), "utf8"),
    "__filename",
  ],
]) {
  test(`tamed build on TypeScript 7 with ${setting}: the program runs on worker threads as it does built by tspc on 6`, () => {
    const b = node([CLI, "build", "-p", join(fixture, "tsconfig.json")]);
    assert.is(b.status, 0, `tamed build -p ${fixture} failed:\n${b.stdout}${b.stderr}`);
    assert.is(b.stdout + b.stderr, "");
    const stubs = fixture === "cjs-nodenext" ? "main.js" : "primes.js";
    assert.match(readFileSync(join(DIR, fixture, "out", stubs), "utf8"), `base: ${base} }`);
    const r = node([join(fixture, "out", "main.js")]);
    assert.is(r.status, 0, r.stderr);
    assert.is(r.stdout, expected);
    report(`${fixture} on TypeScript 7: tamed build ${(b.ms / 1000).toFixed(1)} s, run ${(r.ms / 1000).toFixed(1)} s`);
  });
}

test("tamed build on TypeScript 7 with .mts, .cts and .tsx sources: each emitted as tsc names it, an ES module imports a CommonJS one by name, every function runs on a worker with the inline answer; -p names the project's folder, as for tsc", () => {
  const b = node([CLI, "build", "-p", "ts7-extensions"]);
  assert.is(b.status, 0, `tamed build -p ts7-extensions failed:\n${b.stdout}${b.stderr}`);
  assert.is(b.stdout + b.stderr, "");
  const main = join("ts7-extensions", "out", "main.mjs");
  const values = "14 hello ts7 from legacy.cjs <b>bold</b> on workers:";
  const r = node([main]);
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, `${values} true\n`);
  const inline = node([main], { TAMED_INLINE: "1" });
  assert.is(inline.status, 0, inline.stderr);
  assert.is(inline.stdout, `${values} false\n`);
});

test("tamed build on TypeScript 7, JSX with the classic transform: the worker module carries the factory the elements call without naming it", () => {
  const b = node([CLI, "build", "-p", join("jsx-factory", "tsconfig.json")]);
  assert.is(b.status, 0, `tamed build -p jsx-factory failed:\n${b.stdout}${b.stderr}`);
  const r = node([join("jsx-factory", "out", "main.js")]);
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, '<b>hi</b>\n<i id="x">x</i>y\n<ul class="items"><li>a</li><li>b</li></ul>\non workers: true\n');
});

test.run();
