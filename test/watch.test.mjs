// tspc --watch and incremental builds: a changed marked function gets a new worker
// module, a removed or renamed one loses its old module.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { FIXTURES, ROOT, report } from "./helpers.mjs";

const TSPC = join(ROOT, "node_modules", "ts-patch", "bin", "tspc.js");

function project(name, extra = {}) {
  const dir = join(FIXTURES, `.tmp-${name}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "src"), { recursive: true });
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({ extends: "../tsconfig.base.json", compilerOptions: extra }),
  );
  return dir;
}

function source(dir, name, body) {
  writeFileSync(
    join(dir, "src", "main.ts"),
    `import { makeAsync } from "tamed";\nexport const ${name} = makeAsync((x: number): string => ${body});\nconsole.log(${name}(2).wait());\n`,
  );
}

const workers = (dir) =>
  existsSync(join(dir, "out", "__tamed__"))
    ? readdirSync(join(dir, "out", "__tamed__"))
        .filter((f) => f.endsWith(".mjs"))
        .sort()
    : [];

function readFileSafe(path) {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

async function until(what, check, timeoutMs = 30_000) {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return performance.now() - start;
}

function runOut(dir) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(dir, "out", "main.js")], {
      env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" },
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("exit", () => resolve(out));
  });
}

test("tspc --watch: a renamed marked function gets a new worker module and the old one is removed", async () => {
  const dir = project("watch");
  source(dir, "first", "`first ${x}`");
  const watcher = spawn(process.execPath, [TSPC, "--watch", "--preserveWatchOutput", "-p", dir], { cwd: dir });
  let log = "";
  watcher.stdout.on("data", (d) => (log += d));
  try {
    await until(
      "the first build",
      () => workers(dir).includes("main.first.mjs") && /Watching for file changes/.test(log),
    );
    assert.is(await runOut(dir), "first 2\n");
    source(dir, "second", "`second ${x * 10}`");
    const ms = await until(
      "the rebuild",
      () => workers(dir).includes("main.second.mjs") && !workers(dir).includes("main.first.mjs"),
    );
    assert.equal(workers(dir), ["main.second.mjs"]);
    await until("main.js to be rewritten", () => /second/.test(readFileSafe(join(dir, "out", "main.js"))));
    assert.is(await runOut(dir), "second 20\n");
    report(`watch: rebuilt and cleaned up ${ms.toFixed(0)} ms after the change was written`);
    // Every marked function gone: their modules and the manifest go too.
    writeFileSync(join(dir, "src", "main.ts"), "export const plain = 1;\n");
    await until(
      "the last worker module to go",
      () => workers(dir).length === 0 && !existsSync(join(dir, "out", "__tamed__", "manifest.json")),
    );
  } finally {
    watcher.kill();
  }
  rmSync(dir, { recursive: true, force: true });
});

test("incremental builds: an unchanged rebuild keeps the worker modules, a changed one replaces them", async () => {
  const dir = project("incremental", { incremental: true, tsBuildInfoFile: "${configDir}/out/.tsbuildinfo" });
  const build = () =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [TSPC, "-p", dir], { cwd: dir });
      child.on("exit", resolve);
    });
  source(dir, "one", "`one ${x}`");
  assert.is(await build(), 0);
  assert.equal(workers(dir), ["main.one.mjs"]);
  assert.is(await build(), 0);
  assert.equal(workers(dir), ["main.one.mjs"]);
  assert.is(await runOut(dir), "one 2\n");
  source(dir, "two", "`two ${x + 1}`");
  assert.is(await build(), 0);
  assert.equal(workers(dir), ["main.two.mjs"]);
  assert.is(await runOut(dir), "two 3\n");
  rmSync(dir, { recursive: true, force: true });
});

test.run();
