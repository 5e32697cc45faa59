// The runtime, through compiled fixtures run in real Node processes with real worker threads.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { FIXTURES, expectFile, node, report, run } from "./helpers.mjs";

test("the primes sample's shape: helper import, module constant, sync wait and awaitAll", () => {
  const r = run("primes");
  assert.is(r.status, 0, r.stderr);
  expectFile("primes", "expected.stdout", r.stdout);
});

for (const fixture of ["module-node16", "module-node18", "module-esnext"]) {
  test(`the primes fixture built with ${fixture.replace("module-", "module ")} behaves the same`, () => {
    const r = run(fixture);
    assert.is(r.status, 0, r.stderr);
    assert.is(r.stdout, readFileSync(join(FIXTURES, "primes", "expected.stdout"), "utf8"));
  });
}

test("blocking waits never deadlock: 20 tasks on 1 thread and 200 on 2, waited in reverse; waits from workers on a full pool", () => {
  const r = run("deadlock", { timeoutMs: 20_000 });
  assert.is(r.status, 0, r.stderr);
  expectFile("deadlock", "expected.stdout", r.stdout);
  for (const line of r.stderr.trim().split("\n")) report(`deadlock fixture ${line}`);
});

test("AsyncTask, Unfuture, awaitAll, awaitFirst, setMaxThreads and option checks", () => {
  const r = run("api");
  assert.is(r.status, 0, r.stderr);
  expectFile("api", "expected.stdout", r.stdout);
});

test("errors cross threads with class, message, cause, own properties and .ts lines", () => {
  const r = run("errors");
  assert.is(r.status, 0, r.stderr);
  expectFile("errors", "expected.stdout", r.stdout);
  // Worker frames are source-mapped to the original .ts file, caller frames follow.
  assert.match(
    r.stdout,
    "RangeError: value must be >= 0, got -5\n    at check (<fixture>/src/fail.ts:12:24)\n    at check (tamed worker thread N)\n    at <fixture>/out/main.js:",
  );
});

test("a marked function importing node:crypto and a sibling helper, nested in a function, via an aliased import", () => {
  const r = run("nested");
  assert.is(r.status, 0, r.stderr);
  const [worker, local] = r.stdout.trim().split("\n");
  assert.match(worker, /^nested: [0-9A-F]{8}! hasher$/);
  assert.is(worker.slice("nested: ".length, -" hasher".length), local.slice("local:  ".length));
});

test("JSX with the classic transform: the worker module carries the factory the elements call without naming it (jsxFactory, a file's @jsx pragma, fragments), through tspc and tamed/esbuild", () => {
  const onWorkers = run("jsx-factory");
  assert.is(onWorkers.status, 0, onWorkers.stderr);
  const inline = run("jsx-factory", { env: { TAMED_INLINE: "1" } });
  assert.is(inline.status, 0, inline.stderr);
  const values = '<b>hi</b>\n<i id="x">x</i>y\n<ul class="items"><li>a</li><li>b</li></ul>\n';
  assert.is(onWorkers.stdout, `${values}on workers: true\n`);
  assert.is(inline.stdout, `${values}on workers: false\n`);
  const bundled = node("jsx-factory", ["build.mjs"]);
  assert.is(bundled.status, 0, bundled.stdout + bundled.stderr);
  const fromBundle = node("jsx-factory", [join("out-esbuild", "main.mjs")]);
  assert.is(fromBundle.status, 0, fromBundle.stderr);
  assert.is(fromBundle.stdout, `${values}on workers: true\n`);
});

for (const tool of ["vite", "rollup", "webpack", "rspack"]) {
  test(`JSX with the classic transform through tamed/${tool}: the bundle's JSX (the tool's own compilation) inline and the worker modules' render the same`, () => {
    const bundled = node("jsx-factory", ["build.mjs", tool]);
    assert.is(bundled.status, 0, bundled.stdout + bundled.stderr);
    const main = join(`out-${tool}`, "main.mjs");
    const onWorkers = node("jsx-factory", [main]);
    assert.is(onWorkers.status, 0, onWorkers.stderr);
    const inline = node("jsx-factory", [main], { env: { TAMED_INLINE: "1" } });
    assert.is(inline.status, 0, inline.stderr);
    const values = '<b>hi</b>\n<i id="x">x</i>y\n<ul class="items"><li>a</li><li>b</li></ul>\n';
    assert.is(onWorkers.stdout, `${values}on workers: true\n`);
    assert.is(inline.stdout, `${values}on workers: false\n`);
  });
}

const decorated = once(() => run("decorator-metadata"));

test("with emitDecoratorMetadata, a worker module records the types tsc's output records (design:type, design:paramtypes, design:returntype), before the parameters' decorators run", () => {
  const r = decorated();
  assert.is(r.status, 0, r.stderr);
  const [inline, worker] = r.stdout.split(/^worker:/m);
  assert.is(worker, " the same\n", `the worker read other metadata than the main thread:\n${r.stdout}`);
  // What tsc's output records, read inline: the serializer's cases (a class, an interface, a
  // type-only import, a union with null, an enum, literals, an async method, an accessor, a class declared in the
  // function, a setter whose parameter decorator reads the records).
  assert.is(
    inline,
    [
      "resolved: scale: 2.000",
      "injectable: true true",
      "param decorators saw: config@1:2 scale@0:2",
      "Report paramtypes: [Formatter,Config]",
      "title: String",
      "count: Object",
      "unit: Number",
      "tags: Array",
      "kind: String",
      "clock: Object",
      "typeOnly: Function",
      "size: Number",
      "render: Function [Number,String] String",
      "load: [BigInt] Promise",
      "size paramtypes: []",
      "Settings: [Config] 3 cfg",
      "Jobs.double: [Number] Promise",
      "Local: [Meter] m",
      "label: String label@0:1",
      "make: [Config,Number] Report",
      "",
    ].join("\n"),
  );
});

test("a parameter's decorator declared in the file with markers runs on the worker as the class loads", () => {
  const r = decorated();
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /^Settings: \[Config\] 3 cfg$/m);
  assert.ok(r.stdout.endsWith("worker: the same\n"), r.stdout);
});

test("an import() of a specifier computed at run time (a template literal, a concatenation) loads from the main thread's file on a worker", () => {
  const r = run("computed-imports");
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, "workers: hallo bonjour | inline: hallo bonjour\n");
});

test("hooks a file calls at load from a table the function only reads are not run again on a worker (a plugin's start hook)", () => {
  const r = run("hooks-not-setup");
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, "metrics started\n>metrics\n");
});

/** A function's result, computed at its first call: two tests read one run of a fixture. */
function once(f) {
  let r;
  return () => (r ??= f());
}

for (const fixture of ["cjs", "cjs-nodenext"]) {
  const ran = once(() => run(fixture));
  test(`CommonJS output (${fixture}): the stub finds its worker module from __filename`, () => {
    const r = ran();
    assert.is(r.status, 0, r.stderr);
    assert.ok(
      r.stdout.startsWith(
        "sync: 6765 b.txt true\nasync: [ '55 b.txt true', '610 b.txt true' ]\nmodule kind: commonjs\n",
      ),
      r.stdout,
    );
    assert.match(readFileSync(join(FIXTURES, fixture, "out", "main.js"), "utf8"), "base: __filename }");
  });
  test(`CommonJS output (${fixture}): a worker reads the module object of the function's file (require.main === module, typeof module), as inline`, () => {
    const r = ran();
    assert.is(r.status, 0, r.stderr);
    assert.match(r.stdout, "\nmodule object: false object helpers.js | false object helpers.js\n");
  });
  test(`CommonJS output (${fixture}): a require() of a path computed at run time loads from the main thread's file on a worker`, () => {
    const r = ran();
    assert.is(r.status, 0, r.stderr);
    assert.match(r.stdout, "\ncomputed require: UPPER\n");
  });
  test(`CommonJS output (${fixture}): an import() of a path computed at run time gives a worker what it gives the main thread (module commonjs: tsc's require() and its interop, the default export; nodenext: Node's import(), module.exports)`, () => {
    const r = ran();
    assert.is(r.status, 0, r.stderr);
    assert.match(r.stdout, "\ncomputed import: as inline\n");
    assert.match(r.stdout, `\ncomputed import, inline: ${fixture === "cjs" ? "lower" : "undefined"}\n`);
  });
}

for (const fixture of ["jsdoc", "jsdoc-cjs"]) {
  test(`/** @tamed */ and /** @makeAsync */ declarations (${fixture}): exported, default, nested, hoisted, wait(p)`, () => {
    const r = run(fixture);
    assert.is(r.status, 0, r.stderr);
    assert.is(
      r.stdout,
      "a task: true | await: echo:a | wait(): echo:b\n@makeAsync: 6 | default export: default 5 10 | nested: 49\nmain thread: true\nhoisted call: ran on a worker\n",
    );
  });
}

for (const fixture of ["decorators", "decorators-legacy"]) {
  test(`@makeAsync and @tamed on static async methods (${fixture})`, () => {
    const r = run(fixture);
    assert.is(r.status, 0, r.stderr);
    assert.is(
      r.stdout,
      "images.ts top level, on the main thread\ntask: true | thumbnail: [ 5, 200, 7, 1 ] | later: slept 10 on a worker\nthis and super: 1014 | name: scaled | set by an inner decorator: /scale\n",
    );
  });
}

test("function literals given straight to runAsync, submit, map and spawn run in workers", () => {
  const r = run("literals", { timeoutMs: 30_000 });
  assert.is(r.status, 0, r.stderr);
  assert.is(
    r.stdout,
    "runAsync: 101 on worker\nsubmit: slept 5 on worker\nmap: [ '1@worker', '2@worker', '3@worker' ]\nspawn: 5 on worker | SPAWNED\n",
  );
});

test("markers are found by symbol: namespace import and re-export work, a user's own makeAsync is left alone", () => {
  const r = run("markers");
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, "namespace import: 1 on worker\nre-export: 4 on worker\nuser's own makeAsync: 9 on main\n");
});

test("a worker that dies fails the task it ran (also under a blocked wait and while a scope exits), not the ones queued behind it", () => {
  const r = run("crash", { timeoutMs: 20_000 });
  assert.is(r.status, 0, r.stderr);
  expectFile("crash", "expected.stdout", r.stdout);
});

test("every runtime fault in every setting: awaited beside neighbours, under a blocked wait(), while a using scope exits", () => {
  const r = run("faults", { timeoutMs: 60_000 });
  assert.is(r.status, 0, r.stderr);
  expectFile("faults", "expected.stdout", r.stdout);
});

test("cancel: queued tasks never run; running ones stop at checkpoint() or taskSignal(), or after graceMs; an endless loop in a scope with timeoutMs", () => {
  const r = run("cancel", { timeoutMs: 30_000 });
  assert.is(r.status, 0, r.stderr);
  expectFile("cancel", "expected.stdout", r.stdout);
  for (const line of r.stderr.trim().split("\n")) report(`cancel fixture, ${line}`);
});

test("calls queued at busy workers: a burst's values, cancel before start never runs, a dying worker hands back what it had not begun", () => {
  const r = run("pipeline", { timeoutMs: 60_000 });
  assert.is(r.status, 0, r.stderr);
  expectFile("pipeline", "expected.stdout", r.stdout);
});

test("progress: awaitAll and executor.map call onProgress as each task settles, awaited or under wait(); bad options refused; a throwing callback is reported", () => {
  const r = run("progress", { timeoutMs: 30_000 });
  assert.is(r.status, 0, r.stderr);
  expectFile("progress", "expected.stdout", r.stdout);
});

test("futures: fast-async, unsync, aiofutures and async-tamer behaviours (continueWith, subscribe, executor, feeding tasks, asCompleted)", () => {
  const r = run("futures", { timeoutMs: 30_000 });
  assert.is(r.status, 0, r.stderr);
  expectFile("futures", "expected.stdout", r.stdout);
  for (const line of r.stderr.trim().split("\n")) report(`futures fixture, ${line}`);
});

test("transfer(): buffers moved, not copied, both ways, also for a queued call", () => {
  const r = run("transfer", { timeoutMs: 30_000 });
  assert.is(r.status, 0, r.stderr);
  expectFile("transfer", "expected.stdout", r.stdout);
});

test("pool: minThreads started ahead, idleTimeoutMs stops idle workers, shutdown() cancels and a new pool follows", () => {
  const r = run("pool", { timeoutMs: 30_000 });
  assert.is(r.status, 0, r.stderr);
  expectFile("pool", "expected.stdout", r.stdout);
});

// Every marker form, also in CommonJS output: the same sources built as CommonJS print the same.
for (const fixture of ["decorators", "literals", "markers", "nested", "futures"]) {
  test(`CommonJS output of the ${fixture} fixture behaves the same as its ES module output`, () => {
    const esm = run(fixture, { timeoutMs: 30_000 });
    const cjs = run(`${fixture}-cjs`, { timeoutMs: 30_000 });
    assert.is(cjs.status, 0, cjs.stderr);
    const out = join(FIXTURES, `${fixture}-cjs`, "out");
    const emitted = readdirSync(out)
      .filter((f) => f.endsWith(".js"))
      .map((f) => readFileSync(join(out, f), "utf8"));
    assert.ok(
      emitted.some((js) => js.includes("base: __filename")),
      "stubs use __filename",
    );
    assert.not.ok(
      emitted.some((js) => js.includes("import.meta")),
      "no ES module syntax in CommonJS output",
    );
    if (fixture === "nested") {
      assert.is(
        cjs.stdout.split("\n")[0].replace(/[0-9A-F]{8}/, "H"),
        esm.stdout.split("\n")[0].replace(/[0-9A-F]{8}/, "H"),
      );
    } else {
      assert.is(cjs.stdout, esm.stdout);
    }
  });
}

test("a module's own error class thrown on a worker comes back as itself when another error class is imported only as a type", () => {
  // The transformer lists the module's error classes in the descriptor; a type-only use of another must not drop them.
  const r = run("error-class-beside-type-only-import");
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, "rebuilt as its class: true LocalError local 2\n");
});

test("a worker module that is missing, unparsable, or throws while loading gives WorkerModuleError naming the function", () => {
  const r = run("load-fail", { timeoutMs: 30_000 });
  assert.is(r.status, 0, r.stderr);
  expectFile("load-fail", "expected.stdout", r.stdout);
});

test("property test (fast-check): 500 random programs of tasks in nested scopes keep every invariant", () => {
  // Random durations, failures, sync and async waits, cancellation races, deep chains,
  // messages that cannot cross, callbacks that wait; invariants are listed in the fixture.
  // A failure prints fast-check's shrunk counterexample and its seed (replay it with
  // PROPERTIES_SEED and PROPERTIES_PATH set).
  const r = run("properties", { args: ["500"], timeoutMs: 180_000 });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, "500 random programs passed every invariant\n");
  report(`properties: ${r.stderr.trim()}`);
});

test("a process exits by itself after its last task", () => {
  const r = run("exits", { timeoutMs: 15_000 });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, "results: 5 threads started: true\n");
  const lastTask = Number(/last task done at (\d+)/.exec(r.stderr)?.[1]);
  report(
    `exits fixture: process ended ${Date.now() - lastTask} ms after its last task (upper bound, includes spawnSync return)`,
  );
});

test("a failed task nobody observes surfaces as an unhandled rejection", () => {
  const r = run("exits", { args: ["unobserved-failure"], timeoutMs: 15_000 });
  assert.is(r.status, 1);
  assert.match(r.stderr, /Error: nobody looks at this failure\n {4}at .*src\/work\.ts:16:9\)/);
});

test("without the transformer a call explains the setup; TAMED_INLINE=1 runs it on the calling thread", () => {
  const plain = run("inline", { plain: true });
  assert.is(plain.status, 0, plain.stderr);
  assert.match(
    plain.stdout,
    /^NotCompiledError: A function marked with makeAsync\(\) was not compiled by the tamed transformer/,
  );
  assert.match(plain.stdout, /"transform": "tamed\/transformer"/);
  const inline = run("inline", { plain: true, env: { TAMED_INLINE: "1" } });
  assert.is(inline.stdout, "result: 42 status: success on the calling thread: true isWorker: false\n");
});

test.run();
