// `npx tamed inspect`: what each worker module runs at load, read from the manifests a
// real build wrote (tspc into out/, tamed/esbuild into out-esbuild/).
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { build, expectFile, node, ROOT, setUp } from "./helpers.mjs";

const CLI = join(ROOT, "dist", "cli", "index.js");
const inspect = (...args) => node("inspect", [CLI, "inspect", ...args]);

test.before(
  setUp(() => {
    build("inspect");
    const b = node("inspect", ["build.mjs"]);
    assert.is(b.status, 0, b.stdout + b.stderr);
  }),
);

test("inspect lists per worker module the statements it runs at load, why each setup statement runs, and its packages", () => {
  const r = inspect();
  assert.is(r.status, 0, r.stderr);
  expectFile("inspect", "expected.stdout", r.stdout);
});

test("inspect warns about a file loaded whole whose top-level code runs in every worker, naming the statements", () => {
  const r = inspect("welcome");
  assert.match(r.stdout, 'src/server.ts:9  server.listen(Number(process.env["PORT"] ?? 0));');
  assert.match(
    r.stdout,
    "WARNING: 1 file loaded whole by worker modules runs code at load in every worker:\n  src/server.ts (loaded by welcome)",
  );
  assert.match(r.stdout, "src/util.ts (imported at src/tasks.ts:4): declarations only");
  assert.not.match(r.stdout, "checksum");
});

test("inspect --out reads a tamed/esbuild build's outdir", () => {
  const r = inspect("--out", "out-esbuild", "checksum");
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, "out-esbuild/__tamed__/manifest.json: 1 worker module");
  assert.match(r.stdout, "^ setup: sets up what the function uses (SQUARES.push(i * i))");
});

test("inspect --json prints the manifests as data", () => {
  const r = inspect("--json", "checksum");
  const { manifests } = JSON.parse(r.stdout);
  assert.equal(
    manifests.map((m) => m.modules.map((x) => x.function)),
    [["checksum"]],
  );
  assert.ok(manifests[0].modules[0].runs.some((s) => s.setup !== undefined && s.at === "src/tasks.ts:8"));
});

test("inspect exits 1 with the fix when there is no build or no such function", () => {
  const none = inspect("--out", "nowhere");
  assert.is(none.status, 1);
  assert.match(none.stderr, "tamed: there is no nowhere/: nothing was built there yet\nfix: build first");
  const unknown = inspect("nope");
  assert.is(unknown.status, 1);
  assert.match(
    unknown.stderr,
    "tamed: no worker module for `nope`\nfix: name one of the marked functions the build found: checksum, welcome",
  );
});

test.run();
