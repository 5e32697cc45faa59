// samples/bundlers built with each build tool through tamed's plugin (tamed/vite, /rollup,
// /webpack, /rspack: one unplugin implementation; tamed/esbuild), then run: the worker
// modules are in the bundle's output folder as the tool's own assets, the bundle finds them
// at run time, and the marked functions run on worker threads with the inline answer.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { ROOT, report, serveAndChange } from "./helpers.mjs";
import { buildOutside, writeOutsideFiles } from "./outside-files.mjs";

const SAMPLE = join(ROOT, "samples", "bundlers");
const MAIN = {
  vite: "main.js",
  rollup: "main.mjs",
  webpack: "main.cjs",
  rspack: "main.cjs",
  esbuild: "main.mjs",
  "esbuild unplugin": "main.mjs",
  "webpack esm": "main.mjs",
  "rspack esm": "main.mjs",
  "vite cjs": "main.cjs",
  "rollup cjs": "main.cjs",
};

function node(args, timeout = 180_000) {
  const env = { ...process.env, NO_COLOR: "1" };
  delete env.FORCE_COLOR;
  delete env.TAMED_INLINE;
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: SAMPLE, encoding: "utf8", timeout, env });
  return { ...r, ms: performance.now() - t0 };
}

for (const [tool, main] of Object.entries(MAIN)) {
  test(`${tool}: samples/bundlers builds with tamed's plugin, and its marked functions run on worker threads with the inline answer`, () => {
    const out = join(SAMPLE, "out", tool.replace(" ", "-"));
    rmSync(out, { recursive: true, force: true });
    const b = node(["build.mjs", ...tool.split(" ")]);
    assert.is(b.status, 0, `node build.mjs ${tool} failed:\n${b.stdout}${b.stderr}`);
    // One manifest per folder of worker modules: each goes beside the chunk that holds its
    // function (Vite puts the lazily imported src/lazy.ts in a chunk under assets/).
    const manifests = readdirSync(out, { recursive: true }).filter((f) =>
      f.endsWith(join("__tamed__", "manifest.json")),
    );
    const modules = [];
    for (const m of manifests) {
      const manifest = JSON.parse(readFileSync(join(out, m), "utf8"));
      const folder = dirname(dirname(join(out, m)));
      for (const f of manifest.outputs) assert.ok(existsSync(join(folder, f)), `${tool} did not emit ${f} beside ${m}`);
      modules.push(
        ...manifest.modules.map(
          (x) => `${relative(out, join(folder, x.module)).replaceAll("\\", "/")} (${x.function})`,
        ),
      );
    }
    const lazy = tool.startsWith("vite") ? "assets/" : "";
    assert.equal(
      modules.sort(),
      [`${lazy}__tamed__/src.lazy.threadOf.mjs (threadOf)`, "__tamed__/src.tasks.primesIn.mjs (primesIn)"].sort(),
    );
    const r = node([join(out, main)], 60_000);
    assert.is(r.status, 0, `${main} failed:\n${r.stdout}${r.stderr}`);
    const result = JSON.parse(r.stdout);
    assert.is(result.onWorkers, result.inline);
    assert.is(result.inline, 17984);
    assert.ok(result.workerThreads.length > 0 && !result.workerThreads.includes(result.mainThread), r.stdout);
    assert.ok(result.threads > 0, "the pool started threads");
    assert.is.not(result.label, `t@${result.mainThread}`);
    report(`${tool}: built in ${(b.ms / 1000).toFixed(1)} s, ran on worker threads ${result.workerThreads.join(", ")}`);
  });
}

test("each tool's build fails with tamed's diagnostic (tsc's code and text, at the file and line) when a marked function breaks a rule", () => {
  const bad = join(SAMPLE, "src", "bad.ts");
  writeFileSync(
    bad,
    `import { makeAsync } from "tamed";\nexport function make(n: number) {\n  return makeAsync((x: number): number => x * n);\n}\n`,
  );
  try {
    for (const tool of Object.keys(MAIN).filter((t) => !t.includes(" "))) {
      const b = node(["build.mjs", tool]);
      assert.is.not(b.status, 0, `${tool} built a project with an error`);
      const where =
        tool === "esbuild" ? "src/bad.ts:3:46: ERROR: [plugin: tamed] TS77001: " : "src/bad.ts(3,47): error TS77001: ";
      assert.match(
        b.stdout + b.stderr,
        `${where}make uses 'n', a local variable of the enclosing scope (declared at src/bad.ts:2:22)`,
        tool,
      );
    }
  } finally {
    rmSync(bad, { force: true });
  }
});

// Vite's serve (a dev server; vitest runs through one): no output, the worker modules go to
// node_modules/.tamed/, and a source file that changes is analysed again and its worker modules rebuilt.
// Threads that loaded the old module cannot unload it: the server's next call runs on a new thread.
test("under Vite's dev server, marked functions run on workers from node_modules/.tamed/, and a changed helper rebuilds their module, which the next call runs", () => {
  const dir = join(ROOT, "test", "fixtures", ".tmp-vite-serve");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "src"), { recursive: true });
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "es2023",
        module: "preserve",
        moduleResolution: "bundler",
        strict: true,
        skipLibCheck: true,
        types: ["node"],
        noEmit: true,
      },
      include: ["src"],
    }),
  );
  try {
    assert.equal(serveAndChange(dir, "tasks"), {
      first: "42 true",
      rebuilt: true,
      second: "63 true",
      apiProcesses: { first: 0, second: 0, reused: true, afterClose: 0 },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// samples/bundlers with marked files the tsconfig's project leaves out (test/outside-files.mjs).
const OUTSIDE = join(ROOT, "test", "fixtures", ".tmp-bundlers-outside");
function outsideProject() {
  rmSync(OUTSIDE, { recursive: true, force: true });
  for (const f of readdirSync(SAMPLE))
    if (f !== "out" && f !== "node_modules") cpSync(join(SAMPLE, f), join(OUTSIDE, f), { recursive: true });
  writeOutsideFiles(OUTSIDE);
}

test("Vite, Rollup, webpack and Rspack analyse a marked file outside the tsconfig's folders (lib/, imported from src/) when they load it: its function runs on a worker", () => {
  outsideProject();
  try {
    const tools = ["vite", "rollup", "webpack", "rspack"];
    const results = Object.fromEntries(tools.map((tool) => [tool, buildOutside(OUTSIDE, tool, "src/uselib.ts")]));
    const expected = Object.fromEntries(
      tools.map((tool) => [tool, { built: true, result: { value: 2000, onWorker: true } }]),
    );
    assert.equal(results, expected);
  } finally {
    rmSync(OUTSIDE, { recursive: true, force: true });
  }
});

test("tamed/esbuild stops with TS77012 at a marked file outside the folders it reads (lib/), saying to add it to the tsconfig's include", () => {
  outsideProject();
  try {
    const b = buildOutside(OUTSIDE, "esbuild", "src/uselib.ts");
    assert.is(b.built, false, JSON.stringify(b));
    assert.match(
      b.output,
      /lib\/libjob\.ts:1:\d+: ERROR: \[plugin: tamed\] TS77012: lib\/libjob\.ts .*"include" in tsconfig\.json/,
    );
  } finally {
    rmSync(OUTSIDE, { recursive: true, force: true });
  }
});

test.run();
