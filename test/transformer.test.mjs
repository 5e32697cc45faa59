// The transformer, through real tspc builds of fixture projects.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { ROOT, build, compile, expectFile, node, run } from "./helpers.mjs";

const read = (...parts) => readFileSync(join(...parts), "utf8");

test("the marker call gets the worker module's descriptor; nothing else in the file changes", () => {
  const { outDir } = build("primes");
  const js = read(outDir, "primes.js");
  assert.match(
    js,
    '}, { v: 1, name: "countPrimes", module: "./__tamed__/primes.countPrimes.mjs", base: import.meta.url });',
  );
  const plain = compile("primes", { plain: true });
  assert.is(plain.status, 0, plain.stdout);
  assert.is(
    js.replace(
      ', { v: 1, name: "countPrimes", module: "./__tamed__/primes.countPrimes.mjs", base: import.meta.url })',
      ")",
    ),
    read(plain.outDir, "primes.js"),
  );
});

test("files without markers emit byte-identical JavaScript with and without the plugin", () => {
  const { outDir } = build("primes");
  const plain = compile("primes", { plain: true });
  for (const file of ["math.js", "main.js", "math.js.map", "main.js.map"])
    assert.is(read(outDir, file), read(plain.outDir, file), file);
});

/** Every file under a directory, as relative paths. */
function files(dir, prefix = "") {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? files(dir, join(prefix, d.name)) : [join(prefix, d.name)],
  );
}

for (const fixture of ["harmless", "harmless-runtime"]) {
  test(`do no harm (${fixture}): without markers, every emitted file is byte-identical with and without the plugin`, () => {
    const withPlugin = build(fixture);
    const plain = compile(fixture, { plain: true });
    assert.is(plain.status, 0, plain.stdout);
    const emitted = files(withPlugin.outDir).sort();
    assert.equal(emitted, files(plain.outDir).sort());
    assert.ok(
      emitted.some((f) => f.endsWith(".d.ts")) && emitted.some((f) => f.endsWith(".js.map")),
      emitted.join(","),
    );
    for (const f of emitted) assert.is(read(withPlugin.outDir, f), read(plain.outDir, f), f);
  });
}

test("declaration output does not change for a file with markers", () => {
  const withPlugin = build("dts");
  const plain = compile("dts", { plain: true });
  const dts = files(withPlugin.outDir).filter((f) => f.endsWith(".d.ts"));
  assert.equal(dts.sort(), ["main.d.ts", "math.d.ts", "primes.d.ts"]);
  for (const f of dts) assert.is(read(withPlugin.outDir, f), read(plain.outDir, f), f);
  assert.match(
    read(withPlugin.outDir, "primes.d.ts"),
    'export declare const countPrimes: (from: number | import("tamed").Unfuture<number>, to: number | import("tamed").Unfuture<number>) => import("tamed").AsyncTask<number>;',
  );
});

test("noEmit reports the same diagnostics and writes nothing", () => {
  const r = compile("noemit");
  assert.is(r.status, 2);
  expectFile("noemit", "expected.diagnostics", r.stdout);
  assert.not.ok(existsSync(r.outDir));
});

test("without outDir the worker modules go next to the emitted JavaScript", () => {
  const r = run("inplace", { outDir: join(ROOT, "test", "fixtures", "inplace", "src") });
  assert.is(r.stdout, "in place: 42\n");
  assert.ok(existsSync(join(ROOT, "test", "fixtures", "inplace", "src", "__tamed__", "main.triple.mjs")));
});

test("the worker module holds the function and what it uses, not the module's other top-level code", () => {
  const { outDir } = build("primes");
  const worker = read(outDir, "__tamed__", "primes.countPrimes.mjs");
  assert.match(worker, "function isPrime(n)"); // from the sibling module, bundled
  assert.match(worker, "var LIMIT = 1e7;"); // a module-level constant it reads
  // Nothing else in the worker uses countPrimes: it holds the bare function, and the
  // marker's import is gone with the marker (the worker need not load tamed's runtime).
  assert.not.match(worker, `from "tamed"`);
  assert.not.match(worker, "console.log"); // the module's top-level statement stays behind
  assert.match(worker, "export {\n  primes_default as default\n};");
  const map = JSON.parse(read(outDir, "__tamed__", "primes.countPrimes.mjs.map"));
  assert.equal(map.sources.sort(), ["../../src/math.ts", "../../src/primes.ts"]);
});

test("with verbatimModuleSyntax the worker module still does not import tamed when nothing there uses the stub", () => {
  const { outDir } = build("verbatim");
  assert.not.match(read(outDir, "__tamed__", "main.double.mjs"), `from "tamed"`);
  assert.is(run("verbatim").stdout, "verbatim: 42\n");
});

test("a marked function that other worker code calls keeps its marker there (calls between marked functions run inline)", () => {
  const { outDir } = build("deadlock");
  const outer = read(outDir, "__tamed__", "work.sumOfSquares.mjs");
  assert.match(outer, /square = makeAsync\(/); // square() inside sumOfSquares returns a task, as its type says
  assert.match(outer, 'from "tamed"'); // packages stay imports
  assert.not.match(read(outDir, "__tamed__", "work.square.mjs"), `from "tamed"`);
});

test("a task a marked function starts on a worker is named after its function, not 'anonymous'", () => {
  const r = run("worker-names");
  assert.is(r.stdout, "inner: 2\n", r.stderr);
});

test("a marker nested in a function keeps only the function literal", () => {
  const { outDir } = build("nested");
  const worker = read(outDir, "__tamed__", "main.hasher.mjs");
  assert.match(worker, 'import { createHash } from "node:crypto";');
  assert.match(worker, 'var SALT = "tamed";');
  assert.not.match(worker, "hasher(3)");
  assert.not.match(worker, "console.log");
});

/** Builds `fixture` and gives its worker module `file`'s text, having checked that no main-only text is in it. */
function workerWithout(fixture, file, mainOnly) {
  const { outDir } = build(fixture);
  const worker = read(outDir, "__tamed__", file);
  for (const text of mainOnly) assert.not.match(worker, text, `the worker module runs ${text}`);
  return worker;
}

test("top-level code that only calls the packages a marked function uses (a banner, a log line, a server) does not run on its worker", () => {
  const worker = workerWithout("not-setup", "main.describeFile.mjs", [
    "banner",
    "appendFileSync",
    "createServer",
    "listen(",
    "PORT",
  ]);
  assert.match(worker, "var CONFIG = ");
  const r = run("not-setup");
  assert.match(r.stdout, /^banner: static files from \/srv\/public\n\.js Not Found \d+!\n$/, r.stderr);
});

test("functions stored in values the marked function uses but does not call (a config's start hook it destructures past, a table's other entries picked by a literal key, a shutdown hook on globalThis) do not bring the server, the banner or main() onto its worker", () => {
  const worker = workerWithout("stored-not-setup", "main.greet.mjs", [
    "banner",
    "createServer",
    "listen(",
    "main()",
    'started = "no"',
  ]);
  assert.match(worker, 'var PREFIX = ">";');
  const r = run("stored-not-setup");
  assert.is(r.stdout, "banner\nmain-only start\nhi >BOB\n", r.stderr);
});

test("top-level code that only reads a marked function's tables through built-in methods that change nothing (Map.get, Array.map, includes, JSON.stringify of a random generator, a namespace handed to util.inspect) or hands them to console.log does not run on its worker; an iterator's next() still does", () => {
  const { outDir } = build("reads-not-setup");
  const worker = read(outDir, "__tamed__", "main.label.mjs");
  for (const text of ["banner", "log:", "createServer", "listen(", "process.title", "READS_NOT_SETUP_MODE"])
    assert.not.match(worker, text, `the worker module runs ${text}`);
  for (const text of ['SETTINGS.set("scale", 3)', 'WORDS.push("gamma")', "IDS.next();"])
    assert.match(worker, text, `the worker module leaves out ${text}`);
  const r = run("reads-not-setup");
  assert.is(
    r.stdout,
    "banner: ALPHA,BETA,GAMMA scale 3\nlog: port+scale\nlog: words 3\nlog: [ 'alpha', 'beta', 'gamma' ]\n" +
      'log: chain {"value":"head","next":{"value":"tail","next":null}}\nlog: rng {"s":42}\n' +
      "log: limits [Module: null prototype] { MAX: [Object] }\nbetax3#101 head 7 max 3\n",
    r.stderr,
  );
});

test("slicing: instantiation expressions, named function expressions, and a helper that imports the marked module back", () => {
  const { outDir } = build("slicing");
  const r = run("slicing");
  assert.is(r.status, 0, r.stderr);
  // The marked module's top level runs once, on the main thread, never on a worker.
  assert.is(
    r.stdout,
    "main.ts top level ran on the main thread\nnamed function expression, instantiation expression, cycle: n:42\nmodule function next to it: 200\n",
  );
  const worker = read(outDir, "__tamed__", "main.build.mjs");
  assert.not.match(worker, "console.log");
  assert.not.match(worker, 'build()("41")'); // a top-level call, even in a const, stays behind
});

test("imports of every kind reach the worker: default, named, namespace, node:, a package, a paths alias; type-only ones do not", () => {
  const { outDir } = build("imports");
  const worker = read(outDir, "__tamed__", "main.describe.mjs");
  assert.match(worker, 'import greet, { VERSION } from "fake-pkg";'); // packages stay imports
  assert.match(worker, 'import * as os from "node:os";');
  assert.not.match(worker, "types.js"); // imported for types only: not loaded
  const r = run("imports", { entry: "run.js", nodeArgs: ["--import", "./register.mjs"] });
  assert.is(r.status, 0, r.stderr);
  const line = 'hello worker v1.0.0 AXIS len=5 origin=0 half=4 double=16 eol="\\n"';
  assert.is(r.stdout, `${line.replace("AXIS", "x=3")} | ${line.replace("AXIS", "y=4")}\n`);
});

test("captured locals and mutable module variables are compile errors with the name, the place and the fix", () => {
  const r = compile("captured");
  assert.is(r.status, 2, "tspc exits non-zero");
  expectFile("captured", "expected.diagnostics", r.stdout);
  assert.not.ok(existsSync(join(r.outDir, "__tamed__")), "no worker module for a function with errors");
});

test("this, arguments and super taken from outside the marked function are compile errors", () => {
  const r = compile("boundary");
  assert.is(r.status, 2);
  expectFile("boundary", "expected.diagnostics", r.stdout);
});

test("parameter and return types that cannot be structured-cloned are compile errors; data types are not", () => {
  const r = compile("uncloneable");
  assert.is(r.status, 2);
  expectFile("uncloneable", "expected.diagnostics", r.stdout);
  assert.not.match(r.stdout, /\bok's|generic's/);
});

test("a marker comment on a declaration that is not async is a compile error showing the wrapper form", () => {
  const r = compile("jsdoc-not-async");
  assert.is(r.status, 2);
  expectFile("jsdoc-not-async", "expected.diagnostics", r.stdout);
});

test("a marker decorator on an instance method or a method that is not async is a compile error", () => {
  const r = compile("decorator-misuse");
  assert.is(r.status, 2);
  expectFile("decorator-misuse", "expected.diagnostics", r.stdout);
});

test("a function literal given to spawn() follows the same rules as a marked one", () => {
  const r = compile("literal-captured");
  assert.is(r.status, 2);
  expectFile("literal-captured", "expected.diagnostics", r.stdout);
});

test("an unmarked function given to submit, runAsync, spawn or map is a compile error showing the wrapper form; marked ones and values it cannot see are not", () => {
  const r = compile("unmarked-taker");
  assert.is(r.status, 2);
  expectFile("unmarked-taker", "expected.diagnostics", r.stdout);
});

test("a module kind tamed emits no workers for (system) is a compile error", () => {
  const r = compile("module-system");
  assert.is(r.status, 2);
  expectFile("module-system", "expected.diagnostics", r.stdout);
});

test("a marker whose argument is not a function literal is a compile error", () => {
  const r = compile("bad-argument");
  assert.is(r.status, 2);
  expectFile("bad-argument", "expected.diagnostics", r.stdout);
});

test("what esbuild cannot bundle is a compile error on the marked function's file, and costs only that function its worker module", () => {
  const r = compile("missing-import");
  assert.is(r.status, 2);
  expectFile("missing-import", "expected.diagnostics", r.stdout);
  // tsc still emits; the other function in the file was built on its own and runs.
  assert.ok(existsSync(join(r.outDir, "__tamed__", "index.g.mjs")));
  assert.not.ok(existsSync(join(r.outDir, "__tamed__", "index.f.mjs")));
  const out = node("missing-import", [join(r.outDir, "main.js")]);
  assert.is(out.stdout, "g: 42\nf: WorkerModuleError\n", out.stderr);
});

for (const format of ["esm", "cjs"]) {
  test(`tamed/esbuild bundles the same markers for esbuild users (${format})`, () => {
    const b = node("esbuild", ["build.mjs", format]);
    assert.is(b.status, 0, b.stdout + b.stderr);
    const r = node("esbuild", [`out-${format}/main.${format === "esm" ? "mjs" : "cjs"}`]);
    assert.is(r.status, 0, r.stderr);
    assert.is(
      r.stdout,
      "work.ts top level on the main thread\ndigest: 523fccad true | later: later 5 true | area: 13\ntrailing comma: 9 | a literal inside a marked declaration: 50\n",
    );
  });
}

for (const format of ["esm", "cjs"]) {
  test(`tamed/esbuild with write: false writes nothing and gives the worker modules back as output files (${format})`, () => {
    const b = node("esbuild", ["build.mjs", format], { env: { IN_MEMORY: "1" } });
    assert.is(b.status, 0, b.stdout + b.stderr);
    const ext = format === "esm" ? "mjs" : "cjs";
    assert.match(b.stdout, /^on disk before writing: false\n/, b.stdout);
    const files = /output files: (.*)/.exec(b.stdout)?.[1].split(", ") ?? [];
    assert.ok(files.includes(`out-memory-${format}/main.${ext}`), b.stdout);
    assert.ok(files.includes(`out-memory-${format}/__tamed__/manifest.json`), b.stdout);
    assert.ok(files.filter((f) => f.startsWith(`out-memory-${format}/__tamed__/work.`)).length >= 3, b.stdout);
    const r = node("esbuild", [`out-memory-${format}/main.${ext}`]);
    assert.is(r.status, 0, r.stderr);
    assert.is(
      r.stdout,
      "work.ts top level on the main thread\ndigest: 523fccad true | later: later 5 true | area: 13\ntrailing comma: 9 | a literal inside a marked declaration: 50\n",
    );
  });

  test(`a full esbuild bundle (packages bundled too) runs its marked functions on workers: tamed stays external (${format})`, () => {
    const b = node("esbuild", ["build.mjs", format], { env: { BUNDLE_ALL: "1" } });
    assert.is(b.status, 0, b.stdout + b.stderr);
    const r = node("esbuild", [`out-all-${format}/main.${format === "esm" ? "mjs" : "cjs"}`]);
    assert.is(r.status, 0, r.stderr);
    assert.is(
      r.stdout,
      "work.ts top level on the main thread\ndigest: 523fccad true | later: later 5 true | area: 13\ntrailing comma: 9 | a literal inside a marked declaration: 50\n",
    );
  });
}

test("tamed/esbuild reports the same diagnostics as esbuild errors", () => {
  const b = node("esbuild", ["build.mjs", "esm", "../captured/src/index.ts", "errors/tsconfig.json"]);
  assert.is(b.status, 1);
  expectFile("esbuild", "expected.diagnostics", b.stdout);
  assert.is(
    b.stdout.replaceAll("../captured/", ""),
    read(ROOT, "test", "fixtures", "captured", "expected.diagnostics"),
  );
});

test("esbuild works after npm ci without running its install script", () => {
  const require = createRequire(join(ROOT, "package.json"));
  const esbuild = require("esbuild");
  const pkg = JSON.parse(read(ROOT, "node_modules", "esbuild", "package.json"));
  assert.is(esbuild.version, pkg.version);
  assert.is(esbuild.transformSync("let x: number = 1", { loader: "ts" }).code, "let x = 1;\n");
  // and the transformer's own build used it: every fixture that compiled has worker modules
  assert.ok(readdirSync(join(build("primes").outDir, "__tamed__")).length > 0);
});

test("the transformer and the runtime speak the same contract version", async () => {
  const require = createRequire(join(ROOT, "package.json"));
  const fromTransformer = require(join(ROOT, "dist", "transformer", "contract.cjs")).CONTRACT_VERSION;
  const fromRuntime = (await import(join(ROOT, "dist", "runtime", "contract.js"))).CONTRACT_VERSION;
  assert.is(fromTransformer, fromRuntime);
  assert.match(read(ROOT, "docs", "contract.md"), `**Version ${fromRuntime}.**`);
});

test("a marked function at the end of a 1,500-module import chain builds (the analysis follows imports and calls without recursion)", () => {
  const dir = join(ROOT, "test", "fixtures", ".tmp-chain");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "src"), { recursive: true });
  const N = 1500;
  for (let i = 0; i < N; i++) {
    const body =
      i === 0
        ? "export function step0(x: number): number {\n  return x + 1;\n}\n"
        : `import { step${i - 1} } from "./m${i - 1}.js";\nexport function step${i}(x: number): number {\n  return step${i - 1}(x) + 1;\n}\n`;
    writeFileSync(join(dir, "src", `m${i}.ts`), body);
  }
  writeFileSync(
    join(dir, "src", "main.ts"),
    `import { makeAsync } from "tamed";\nimport { step${N - 1} } from "./m${N - 1}.js";\nexport const walk = makeAsync((x: number): number => step${N - 1}(x));\nconsole.log("chain:", walk(0).wait());\n`,
  );
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ extends: "../tsconfig.base.json" }));
  try {
    // Node 24's ES module linker recurses once per module of the chain: the main thread
    // (tsc's 1,500 files, not tamed's one-file worker module) needs a larger stack there.
    const r = run(".tmp-chain", { nodeArgs: ["--stack-size=4000"] });
    assert.is(r.stdout, `chain: ${N}\n`, r.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a file without markers in an import cycle with a file that has them imports from it, on a worker, what it imports on the main thread", () => {
  const r = run("cycle-through-whole-file");
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, '{"worker":[">> xa",3],"inline":[">> xa",3]}\n');
});

test.run();
