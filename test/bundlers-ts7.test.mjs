// tamed's bundler plugins on a project whose `typescript` is TypeScript 7.0 (issue 14): the
// program of samples/bundlers, copied into a fixture folder whose node_modules/typescript is
// the repository's install of typescript@7.0.2 (the `typescript7` dev dependency), so the
// plugins find TypeScript 7 where a project's own would be; the tools and tamed resolve from
// the repository's node_modules. Each tool builds it through tamed's plugin (the analysis
// through TypeScript 7's checker), and the bundle runs in its own Node process, on real worker
// threads, with the inline answer. webpack strips the types with a loader calling esbuild's
// transform (ts-loader needs TypeScript's compiler API, which TypeScript 7 does not have).
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import {
  API_PROCESSES,
  FIXTURES,
  ROOT,
  report,
  serveAndChange,
  writeWebpackConfigWithoutTsLoader,
} from "./helpers.mjs";
import { buildOutside, writeOutsideFiles } from "./outside-files.mjs";

const SAMPLE = join(ROOT, "samples", "bundlers");
const DIR = join(FIXTURES, ".tmp-bundlers-ts7");
const TS7 = JSON.parse(readFileSync(join(ROOT, "node_modules", "typescript7", "package.json"), "utf8")).version;
const MAIN = {
  esbuild: "main.mjs",
  vite: "main.js",
  rollup: "main.mjs",
  rspack: "main.cjs",
  webpack: "main.cjs",
  "vite cjs": "main.cjs",
  "rollup cjs": "main.cjs",
  "webpack esm": "main.mjs",
  "rspack esm": "main.mjs",
};
/** One build of each tool (the variants differ in output format only). */
const TOOLS = Object.keys(MAIN).filter((t) => !t.includes(" "));

rmSync(DIR, { recursive: true, force: true });
mkdirSync(DIR, { recursive: true });
for (const f of readdirSync(SAMPLE))
  if (f !== "out" && f !== "node_modules") cpSync(join(SAMPLE, f), join(DIR, f), { recursive: true });
mkdirSync(join(DIR, "node_modules"));
symlinkSync(join(ROOT, "node_modules", "typescript7"), join(DIR, "node_modules", "typescript"), "dir");
// webpack without ts-loader: esbuild strips the types, as esbuild-loader would.
writeWebpackConfigWithoutTsLoader(DIR);
// The same sample with marked files the tsconfig's project leaves out (test/outside-files.mjs).
const OUTSIDE = join(FIXTURES, ".tmp-bundlers-ts7-outside");
rmSync(OUTSIDE, { recursive: true, force: true });
for (const f of readdirSync(SAMPLE))
  if (f !== "out" && f !== "node_modules") cpSync(join(SAMPLE, f), join(OUTSIDE, f), { recursive: true });
mkdirSync(join(OUTSIDE, "node_modules"));
symlinkSync(join(ROOT, "node_modules", "typescript7"), join(OUTSIDE, "node_modules", "typescript"), "dir");
writeOutsideFiles(OUTSIDE);
test.after(() => {
  rmSync(DIR, { recursive: true, force: true });
  rmSync(OUTSIDE, { recursive: true, force: true });
});

function node(args, { cwd = DIR, timeout = 180_000 } = {}) {
  const env = { ...process.env, NO_COLOR: "1" };
  delete env.FORCE_COLOR;
  delete env.TAMED_INLINE;
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd, encoding: "utf8", timeout, env });
  return { ...r, ms: performance.now() - t0 };
}

test(`the fixture's typescript is TypeScript ${TS7}, and the webpack config uses no ts-loader`, () => {
  assert.match(TS7, /^7\.0\./);
  const found = node(["-p", 'require("typescript/package.json").version']);
  assert.is(found.stdout.trim(), TS7);
  assert.not.match(readFileSync(join(DIR, "webpack.config.cjs"), "utf8"), "ts-loader");
});

for (const [tool, main] of Object.entries(MAIN)) {
  test(`${tool} on TypeScript ${TS7}: tamed's plugin builds the project, and its marked functions run on worker threads with the inline answer`, () => {
    const out = join(DIR, "out", tool.replace(" ", "-"));
    const b = node(["build.mjs", ...tool.split(" ")]);
    assert.is(b.status, 0, `node build.mjs ${tool} failed:\n${b.stdout}${b.stderr}`);
    const modules = [];
    for (const m of readdirSync(out, { recursive: true }).filter((f) =>
      f.endsWith(join("__tamed__", "manifest.json")),
    )) {
      const manifest = JSON.parse(readFileSync(join(out, m), "utf8"));
      const folder = dirname(dirname(join(out, m)));
      for (const f of manifest.outputs) assert.ok(existsSync(join(folder, f)), `${tool} did not emit ${f} beside ${m}`);
      modules.push(...manifest.modules.map((x) => `${relative(out, join(folder, x.module)).replaceAll("\\", "/")}`));
    }
    const lazy = tool.startsWith("vite") ? "assets/" : "";
    assert.equal(modules.sort(), [`${lazy}__tamed__/src.lazy.threadOf.mjs`, "__tamed__/src.tasks.primesIn.mjs"].sort());
    const r = node([join(out, main)], { timeout: 60_000 });
    assert.is(r.status, 0, `${main} failed:\n${r.stdout}${r.stderr}`);
    const result = JSON.parse(r.stdout);
    assert.is(result.onWorkers, result.inline);
    assert.is(result.inline, 17984);
    assert.ok(result.workerThreads.length > 0 && !result.workerThreads.includes(result.mainThread), r.stdout);
    assert.is.not(result.label, `t@${result.mainThread}`);
    report(`${tool} on TypeScript ${TS7}: built in ${(b.ms / 1000).toFixed(1)} s`);
  });
}

test(`each tool's build on TypeScript ${TS7} fails with the TS77001 line tspc prints for the same file (code, text, file:line:column)`, () => {
  const bad = join(DIR, "src", "bad.ts");
  writeFileSync(
    bad,
    `import { makeAsync } from "tamed";\nexport function make(n: number) {\n  return makeAsync((x: number): number => x * n);\n}\n`,
  );
  try {
    // The tspc path (TypeScript 6 and ts-patch, from the repository) on the same sources.
    writeFileSync(
      join(DIR, "tsconfig.tspc.json"),
      JSON.stringify({
        extends: "./tsconfig.json",
        compilerOptions: { plugins: [{ transform: "tamed/transformer" }] },
      }),
    );
    const tspc = node([join(ROOT, "node_modules", "ts-patch", "bin", "tspc.js"), "-p", "tsconfig.tspc.json"]);
    const line = tspc.stdout.split("\n").find((l) => l.includes("error TS77001"));
    assert.ok(line !== undefined, `tspc printed no TS77001:\n${tspc.stdout}${tspc.stderr}`);
    const [, file, row, column, text] = /^(.+)\((\d+),(\d+)\): error (TS77001: .+)$/.exec(line);
    for (const tool of TOOLS) {
      const b = node(["build.mjs", tool]);
      assert.is.not(b.status, 0, `${tool} built a project with an error`);
      // esbuild prints its messages as file:line:column (0-based column), the others as tsc does.
      const expected =
        tool === "esbuild" ? `${file}:${row}:${Number(column) - 1}: ERROR: [plugin: tamed] ${text}` : line;
      assert.match(b.stdout + b.stderr, expected, tool);
    }
  } finally {
    rmSync(bad, { force: true });
    rmSync(join(DIR, "tsconfig.tspc.json"), { force: true });
  }
});

test(`each tool's build on TypeScript ${TS7} ends the TypeScript 7 process it started, also when it fails with a tamed diagnostic`, () => {
  writeFileSync(
    join(DIR, "lifetime.mjs"),
    `import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
${API_PROCESSES}
const settled = async () => {
  for (let i = 0; i < 50 && apiProcesses().length > 0; i++) await new Promise((r) => setTimeout(r, 100));
  return apiProcesses().length;
};
const left = {};
for (const bad of [false, true]) {
  if (bad) writeFileSync("src/bad.ts", 'import { makeAsync } from "tamed";\\nexport function make(n: number) {\\n  return makeAsync((x: number): number => x * n);\\n}\\n');
  for (const tool of ${JSON.stringify(TOOLS)}) {
    // build.mjs builds with the tool named on the command line (esbuild's build is esbuild.mjs);
    // a query makes each import a new run of it.
    process.argv[2] = tool;
    const script = tool === "esbuild" ? "esbuild.mjs" : "build.mjs";
    const failed = await import(\`./\${script}?\${tool}-\${bad}\`).then(() => process.exitCode === 1, () => true);
    process.exitCode = 0;
    left[\`\${tool}\${bad ? " (failed)" : ""}\`] = { failed, processes: await settled() };
  }
}
rmSync("src/bad.ts", { force: true });
console.log(JSON.stringify(left));
`,
  );
  const r = node(["lifetime.mjs"], { timeout: 300_000 });
  rmSync(join(DIR, "src", "bad.ts"), { force: true });
  assert.is(r.status, 0, `lifetime.mjs failed:\n${r.stdout}${r.stderr}`);
  const expected = {};
  for (const bad of [false, true])
    for (const tool of TOOLS) expected[`${tool}${bad ? " (failed)" : ""}`] = { failed: bad, processes: 0 };
  assert.equal(JSON.parse(r.stdout.trim().split("\n").at(-1)), expected);
});

test(`an esbuild context on TypeScript ${TS7} rebuilds a changed helper into the worker module in the same TypeScript 7 process, which ends with dispose`, () => {
  writeFileSync(
    join(DIR, "watch.mjs"),
    `import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as esbuild from "esbuild";
import tamed from "tamed/esbuild";
${API_PROCESSES}
const primes = readFileSync("src/primes.ts", "utf8");
const ctx = await esbuild.context({ entryPoints: ["src/main.ts"], bundle: true, platform: "node", format: "esm", packages: "external", outfile: "out/watch/main.mjs", logLevel: "silent", plugins: [tamed()] });
const module = "out/watch/__tamed__/src.tasks.primesIn.mjs";
try {
  await ctx.rebuild();
  const before = readFileSync(module, "utf8").includes("count + 7");
  const first = apiProcesses();
  writeFileSync("src/primes.ts", primes.replace("return count;", "return count + 7;"));
  await ctx.rebuild();
  const after = readFileSync(module, "utf8").includes("count + 7");
  const second = apiProcesses();
  writeFileSync("src/primes.ts", primes);
  await ctx.dispose();
  // Killed by dispose; gone from /proc once Node has reaped it.
  for (let i = 0; i < 50 && apiProcesses().length > 0; i++) await new Promise((r) => setTimeout(r, 100));
  console.log(JSON.stringify({ before, after, reused: first.length === 1 && second.join() === first.join(), afterDispose: apiProcesses() }));
} catch (e) {
  writeFileSync("src/primes.ts", primes);
  throw e;
}
`,
  );
  const r = node(["watch.mjs"], { timeout: 60_000 });
  assert.is(r.status, 0, `watch.mjs failed:\n${r.stdout}${r.stderr}`);
  assert.equal(JSON.parse(r.stdout), { before: false, after: true, reused: true, afterDispose: [] });
});

test(`under Vite's dev server on TypeScript ${TS7}, marked functions run on workers, and a changed helper rebuilds their module in the same TypeScript 7 process, which the server's close ends`, () => {
  try {
    // One TypeScript 7 process for both analyses (the second reuses it), ended when the server closes.
    assert.equal(serveAndChange(DIR, "times"), {
      first: "42 true",
      rebuilt: true,
      second: "63 true",
      apiProcesses: { first: 1, second: 1, reused: true, afterClose: 0 },
    });
  } finally {
    rmSync(join(DIR, "src", "helper.ts"), { force: true });
    rmSync(join(DIR, "src", "times.ts"), { force: true });
  }
});

test(`on TypeScript ${TS7}, each tool analyses a marked file its build loads that the tsconfig excludes (src/jobs/, the entry point's folder): its function runs on a worker`, () => {
  const results = Object.fromEntries(TOOLS.map((tool) => [tool, buildOutside(OUTSIDE, tool, "src/jobs/run.ts")]));
  const expected = Object.fromEntries(
    TOOLS.map((tool) => [tool, { built: true, result: { value: 168, onWorker: true } }]),
  );
  assert.equal(results, expected);
});

test(`on TypeScript ${TS7}, Vite, Rollup, webpack and Rspack analyse a marked file outside the tsconfig's folders (lib/, imported from src/) when they load it: its function runs on a worker`, () => {
  const tools = TOOLS.filter((t) => t !== "esbuild");
  const results = Object.fromEntries(tools.map((tool) => [tool, buildOutside(OUTSIDE, tool, "src/uselib.ts")]));
  const expected = Object.fromEntries(
    tools.map((tool) => [tool, { built: true, result: { value: 2000, onWorker: true } }]),
  );
  assert.equal(results, expected);
});

test(`on TypeScript ${TS7}, tamed/esbuild stops with TS77012 at a marked file outside the folders it reads (lib/), saying to add it to the tsconfig's include`, () => {
  const b = buildOutside(OUTSIDE, "esbuild", "src/uselib.ts");
  assert.is(b.built, false, JSON.stringify(b));
  assert.match(
    b.output,
    /lib\/libjob\.ts:1:\d+: ERROR: \[plugin: tamed\] TS77012: lib\/libjob\.ts .*"include" in tsconfig\.json/,
  );
});

test.run();
