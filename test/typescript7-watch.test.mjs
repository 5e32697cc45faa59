// `npx tamed build --watch` on TypeScript 7.0 (issue 14): it builds, then builds again
// after each change, as tsc --watch does; a renamed marked function gets a new worker
// module and loses its old one, and a tamed diagnostic shows up when the file is saved.
// The project uses this repository's TypeScript 7 (the typescript7 devDependency), esbuild
// and tamed through symlinks: the packed install is typescript7.test.mjs's.
import { spawn } from "node:child_process";
import {
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
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { ROOT, report } from "./helpers.mjs";

const dir = mkdtempSync(join(tmpdir(), "tamed-ts7-watch-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function project() {
  mkdirSync(join(dir, "src"), { recursive: true });
  mkdirSync(join(dir, "node_modules", "@types"), { recursive: true });
  symlinkSync(join(ROOT, "node_modules", "typescript7"), join(dir, "node_modules", "typescript"));
  symlinkSync(join(ROOT, "node_modules", "esbuild"), join(dir, "node_modules", "esbuild"));
  symlinkSync(join(ROOT, "node_modules", "@types", "node"), join(dir, "node_modules", "@types", "node"));
  symlinkSync(ROOT, join(dir, "node_modules", "tamed"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "watched", private: true, type: "module" }));
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "es2022",
        module: "nodenext",
        strict: true,
        rootDir: "src",
        outDir: "dist",
        types: ["node"],
        skipLibCheck: true,
      },
      include: ["src"],
    }),
  );
}

function source(name, body) {
  writeFileSync(
    join(dir, "src", "main.ts"),
    `import { makeAsync } from "tamed";\nexport const ${name} = makeAsync((x: number): string => ${body});\nconsole.log(${name}(2).wait());\n`,
  );
}

const workers = () =>
  existsSync(join(dir, "dist", "__tamed__"))
    ? readdirSync(join(dir, "dist", "__tamed__"))
        .filter((f) => f.endsWith(".mjs"))
        .sort()
    : [];

const text = (file) => (existsSync(file) ? readFileSync(file, "utf8") : "");

async function until(what, check, log, timeoutMs = 60_000) {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > timeoutMs)
      throw new Error(`timed out waiting for ${what}; the watcher printed:\n${log()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return performance.now() - start;
}

function runOut() {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(dir, "dist", "main.js")], {
      env: { ...process.env, FORCE_COLOR: "0" },
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("exit", () => resolve(out));
  });
}

test("tamed build --watch on TypeScript 7: an edit is rebuilt, a renamed function's old worker module goes, and a tamed diagnostic shows on save", async () => {
  project();
  source("first", "`first ${x}`");
  const watcher = spawn(process.execPath, [join(ROOT, "dist", "cli", "index.js"), "build", "--watch"], {
    cwd: dir,
    env: { ...process.env, FORCE_COLOR: "0" },
  });
  let log = "";
  watcher.stdout.on("data", (d) => (log += d));
  watcher.stderr.on("data", (d) => (log += d));
  const builds = () => log.match(/Watching for file changes/g)?.length ?? 0;
  try {
    await until(
      "the first build",
      () => builds() === 1,
      () => log,
    );
    assert.equal(workers(), ["main.first.mjs"], log);
    assert.is(await runOut(), "first 2\n");

    source("second", "`second ${x * 10}`");
    const ms = await until(
      "the rebuild",
      () => builds() === 2,
      () => log,
    );
    assert.equal(workers(), ["main.second.mjs"], log);
    assert.is(await runOut(), "second 20\n");
    report(`tamed build --watch: rebuilt ${ms.toFixed(0)} ms after the change was written`);

    writeFileSync(
      join(dir, "src", "main.ts"),
      `import { makeAsync } from "tamed";\nexport function make(n: number) {\n  return makeAsync((x: number) => x + n);\n}\n`,
    );
    await until(
      "the build of the broken file",
      () => builds() === 3,
      () => log,
    );
    assert.match(log, /src\/main\.ts\(3,\d+\): error TS77001:/);
    assert.match(log, /Build failed \(exit code 1\)\. Watching for file changes\./);
    assert.not.ok(watcher.exitCode !== null, "it goes on watching after a failed build");
    assert.match(text(join(dir, "dist", "main.js")), /second/, "no JavaScript is written on a tamed diagnostic");
  } finally {
    watcher.kill();
  }
});

test("tamed build --watch on a project without TypeScript 7 stops with the build's message instead of watching", () => {
  return new Promise((resolve, reject) => {
    const empty = mkdtempSync(join(tmpdir(), "tamed-ts7-nowatch-"));
    const child = spawn(process.execPath, [join(ROOT, "dist", "cli", "index.js"), "build", "--watch"], { cwd: empty });
    let log = "";
    child.stdout.on("data", (d) => (log += d));
    child.stderr.on("data", (d) => (log += d));
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`still running after 30 s:\n${log}`));
    }, 30_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      rmSync(empty, { recursive: true, force: true });
      try {
        assert.is(code, 1, log);
        assert.match(log, /tamed build: no tsconfig\.json found/);
        resolve();
      } catch (e) {
        reject(e);
      }
    });
  });
});

test.run();
