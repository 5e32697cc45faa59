// Shared by the test files: compile fixture projects with the real tspc (ts-patch)
// and run their output in a real Node process.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as assert from "uvu/assert";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const FIXTURES = join(ROOT, "test", "fixtures");
const TSPC = join(ROOT, "node_modules", "ts-patch", "bin", "tspc.js");
const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");

/** A child that outlives this is treated as hung: the test fails instead of waiting forever. */
const HANG_MS = 60_000;

/** The children's environment: this one without what would change their output (uvu forces colours). */
function childEnv(extra) {
  const env = { ...process.env, ...extra };
  delete env.FORCE_COLOR;
  delete env.TAMED_INLINE;
  env.NO_COLOR = "1";
  return { ...env, ...extra };
}

function spawn(args, { cwd = ROOT, env = {}, timeoutMs = HANG_MS } = {}) {
  const started = performance.now();
  const r = spawnSync(process.execPath, args, {
    cwd,
    env: childEnv(env),
    encoding: "utf8",
    timeout: timeoutMs,
  });
  return {
    status: r.status,
    signal: r.signal,
    stdout: r.stdout ?? "",
    stderr: r.stderr ?? "",
    ms: performance.now() - started,
    hung: r.error?.code === "ETIMEDOUT",
  };
}

/** Runs `node ...args` (a build script, a bundle) in a fixture's folder. */
export function node(name, args, opts = {}) {
  const r = spawn(args, { cwd: join(FIXTURES, name), ...opts });
  assert.not.ok(r.hung, `node ${args.join(" ")} in ${name} hung:\n${r.stdout}${r.stderr}`);
  return r;
}

const compiled = new Map();

/**
 * Builds a fixture project (test/fixtures/<name>) with tspc and the plugin, into
 * its out/ folder; once per test run. `plain: true` builds with plain tsc instead
 * (no plugin) into out-plain/.
 */
export function compile(name, { plain = false } = {}) {
  const key = `${name}:${plain}`;
  if (compiled.has(key)) return compiled.get(key);
  const dir = join(FIXTURES, name);
  const outDir = join(dir, plain ? "out-plain" : "out");
  rmSync(outDir, { recursive: true, force: true });
  // A fixture without outDir writes next to its sources: clear what an earlier run left there.
  const src = join(dir, "src");
  if (!plain && existsSync(src)) {
    for (const f of readdirSync(src))
      if (/\.js(\.map)?$/.test(f) || f === "__tamed__") rmSync(join(src, f), { recursive: true, force: true });
  }
  const args = plain ? [TSC, "-p", dir, "--outDir", outDir] : [TSPC, "-p", dir];
  const r = spawn(args, { cwd: dir });
  const result = { ...r, dir, outDir };
  compiled.set(key, result);
  return result;
}

/** compile() that must succeed. */
export function build(name, opts) {
  const r = compile(name, opts);
  assert.is(r.status, 0, `building ${name} failed:\n${r.stdout}${r.stderr}`);
  return r;
}

/** Runs a compiled fixture's entry (out/main.js by default; `entry` is relative to the output directory). */
export function run(
  name,
  { entry = "main.js", env, timeoutMs, plain = false, args = [], outDir: dir, nodeArgs = [] } = {},
) {
  const { outDir } = build(name, { plain });
  const r = spawn([...nodeArgs, join(dir ?? outDir, entry), ...args], { cwd: join(FIXTURES, name), env, timeoutMs });
  assert.not.ok(
    r.hung,
    `${name}/${entry} did not finish within ${timeoutMs ?? HANG_MS} ms (hung):\n${r.stdout}${r.stderr}`,
  );
  return r;
}

/**
 * Compares `actual` with the fixture's expectation file; with UPDATE=1 it rewrites
 * the file instead (review the diff before committing it).
 */
export function expectFile(name, file, actual) {
  const path = join(FIXTURES, name, file);
  if (process.env.UPDATE === "1" || !existsSync(path)) {
    writeFileSync(path, actual);
    if (process.env.UPDATE !== "1") assert.unreachable(`${path} did not exist; wrote it, check it and rerun`);
    return;
  }
  assert.fixture(actual, readFileSync(path, "utf8"), `${name}/${file}`);
}

/**
 * The environment for npm in the fresh projects that test the packed tarball: packages from
 * npm's cache (the suite's own `npm ci` put them there), none of npm's notices, no colours;
 * then `extra`.
 */
export function npmEnv(extra = {}) {
  return {
    ...process.env,
    npm_config_prefer_offline: "true",
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_update_notifier: "false",
    FORCE_COLOR: "0",
    ...extra,
  };
}

/**
 * A webpack loader that strips TypeScript's types with esbuild's transform, as esbuild-loader would: for
 * TypeScript 7, whose package has no compiler API for ts-loader. Written as `strip-types.cjs` in `dir`.
 */
export function writeStripTypesLoader(dir) {
  writeFileSync(
    join(dir, "strip-types.cjs"),
    `const esbuild = require("esbuild");\nmodule.exports = function (source) {\n  return esbuild.transformSync(source, { loader: "ts", format: "esm", target: "node20" }).code;\n};\n`,
  );
}

/** samples/bundlers' webpack config, written into `dir` with strip-types.cjs in place of ts-loader. */
export function writeWebpackConfigWithoutTsLoader(dir) {
  writeStripTypesLoader(dir);
  writeFileSync(
    join(dir, "webpack.config.cjs"),
    readFileSync(join(ROOT, "samples", "bundlers", "webpack.config.cjs"), "utf8")
      .replace(/^\/\/ .*\n/, "// webpack: strip-types.cjs strips the types; tamed's loader runs before it.\n")
      .replace(
        'loader: "ts-loader", options: { transpileOnly: true }',
        'loader: path.resolve(__dirname, "strip-types.cjs")',
      ),
  );
}

/** Records a measured figure for the summary printed at the end of the run (not an assertion). */
export function report(line) {
  process.stdout.write(`  · ${line}\n`);
}

/** Script text: `apiProcesses()`, this process's children that run TypeScript 7's API (`tsc --api`), by pid, from /proc. */
export const API_PROCESSES = `// This process's children that run TypeScript 7's API (\`tsc --api\`), by pid, from /proc.
const apiProcesses = () =>
  readdirSync("/proc")
    .filter((p) => /^\\d+$/.test(p))
    .filter((p) => {
      try {
        const ppid = readFileSync(\`/proc/\${p}/stat\`, "utf8").replace(/^.*\\) /s, "").split(" ")[1];
        return Number(ppid) === process.pid && readFileSync(\`/proc/\${p}/cmdline\`, "utf8").split("\\0").includes("--api");
      } catch {
        return false;
      }
    });`;

/**
 * Vite's serve (a dev server; vitest runs through one) in `dir`, a project with a tsconfig:
 * writes src/helper.ts and src/<name>.ts (a marked function using the helper), loads it and
 * calls it, changes the helper as Vite's watcher would see it (the file's modules and their
 * importers invalidated, nothing else: the tamed runtime and its threads stay), and calls it
 * again, in a child process that must succeed: `{ first, rebuilt, second, apiProcesses }`, the
 * two answers, whether the worker module was rebuilt with the change, and how many TypeScript 7
 * API processes the server had after each call and after its close (on TypeScript 5.9/6, none).
 */
export function serveAndChange(dir, name) {
  writeFileSync(join(dir, "src", "helper.ts"), "export const factor = 2;\n");
  writeFileSync(
    join(dir, "src", `${name}.ts`),
    'import { isWorker, makeAsync } from "tamed";\nimport { factor } from "./helper.js";\n\nexport const times = makeAsync((x: number): string => `${x * factor} ${isWorker()}`);\n',
  );
  writeFileSync(
    join(dir, "serve.mjs"),
    `import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "vite";
import tamed from "tamed/vite";
${API_PROCESSES}
const server = await createServer({ root: import.meta.dirname, configFile: false, plugins: [tamed()], server: { middlewareMode: true, hmr: false, watch: null }, appType: "custom", logLevel: "silent" });
const first = await (await server.ssrLoadModule("/src/${name}.ts")).times(21);
const during = [apiProcesses()];
writeFileSync("src/helper.ts", "export const factor = 3;\\n");
const seen = new Set();
const invalidate = (m) => {
  if (seen.has(m)) return;
  seen.add(m);
  server.moduleGraph.invalidateModule(m);
  for (const i of m.importers) invalidate(i);
};
for (const m of server.moduleGraph.getModulesByFile(import.meta.dirname + "/src/helper.ts") ?? []) invalidate(m);
const second = await (await server.ssrLoadModule("/src/${name}.ts")).times(21);
during.push(apiProcesses());
const rebuilt = readFileSync("node_modules/.tamed/__tamed__/src.${name}.times.mjs", "utf8").includes("factor = 3");
await server.close();
for (let i = 0; i < 50 && apiProcesses().length > 0; i++) await new Promise((r) => setTimeout(r, 100));
const apiProcessesSeen = { first: during[0].length, second: during[1].length, reused: during[0].join() === during[1].join(), afterClose: apiProcesses().length };
console.log(JSON.stringify({ first, rebuilt, second, apiProcesses: apiProcessesSeen }));
`,
  );
  const r = spawn(["serve.mjs"], { cwd: dir, timeoutMs: 120_000 });
  assert.is(r.status, 0, `serve.mjs failed:\n${r.stdout}${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").at(-1));
}

/**
 * A suite's `before` hook that says why it failed: uvu counts the suite's tests as
 * failed but prints nothing of an error thrown by a before hook (redis-server missing,
 * a fixture that did not build).
 */
export function setUp(hook) {
  return async (state) => {
    try {
      await hook(state);
    } catch (e) {
      console.error(`\n  the suite could not start, so none of its tests ran:\n  ${e.stack ?? e}\n`);
      throw e;
    }
  };
}
