// transformer/typescript7-session.cts endApiProcess, on a real TypeScript 7 API process: it is
// killed outright when ended. A process stopped by close() alone (pipes closed, then SIGTERM)
// sometimes printed "context canceled" on the stderr it shares with the build as it stopped.
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const require = createRequire(import.meta.url);
const { endApiProcess } = require("../../dist/transformer/typescript7-session.cjs");
const sync = createRequire(join(root, "node_modules", "typescript7", "package.json"))("typescript/unstable/sync");

test("an ended TypeScript 7 API process is killed with SIGKILL, which it cannot answer on the build's stderr", async () => {
  const cwd = mkdtempSync(join(tmpdir(), "tamed-ts7-end-"));
  try {
    const api = new sync.API({ cwd });
    const child = api.client.channel.child;
    assert.is(child.exitCode, null, "the API process runs");
    const exited = once(child, "exit");
    // The API unrefs its process: something must keep this one alive until it is seen to exit.
    const alive = setTimeout(() => {}, 10_000);
    endApiProcess(api);
    await exited;
    clearTimeout(alive);
    assert.is(child.signalCode, "SIGKILL");
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
});

test.run();
