// Every diagnostic the transformer can report has its row in the README's diagnostics table, and
// the table names no code the transformer does not have: the table is where a user who sees one
// of those codes looks it up (transformer/diagnostics.cts holds them all, docs/errors.md points there).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { DIAGNOSTICS } = require("../../dist/transformer/diagnostics.cjs");
const README = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

test("the README's diagnostics table has one row for each code of transformer/diagnostics.cts, and no other", () => {
  const codes = [...new Set(Object.values(DIAGNOSTICS).map((e) => `TS${e.code}`))].sort();
  const rows = [...README.matchAll(/^\| (TS77\d{3}) \|/gm)].map((m) => m[1]).sort();
  assert.equal(rows, [...new Set(rows)], "a code has two rows");
  assert.equal(rows, codes);
});

test.run();
