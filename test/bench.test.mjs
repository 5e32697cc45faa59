// `npm run bench` in its quick mode: every scenario runs (the cluster one with redis-server), with tiny parameters, and
// every result of every contender is checked by the suite itself (a wrong value aborts
// it). The numbers are meaningless at this size and are not looked at: speed is
// measured by the full run, not by tests.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { ROOT } from "./helpers.mjs";

test("npm run bench --quick: every scenario runs and every result checks out", () => {
  const r = spawnSync(process.execPath, [join(ROOT, "bench", "run.mjs"), "--quick"], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 420_000,
  });
  assert.is(r.status, 0, `${r.stdout}\n${r.stderr}`);
  for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) assert.match(r.stdout, new RegExp(`^### ${n}\\. `, "m"));
  assert.match(r.stdout, /^### Targets/m);
});

test.run();
