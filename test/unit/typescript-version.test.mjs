// transformer/typescript-version.cts: which TypeScript versions take which path, and the
// refusal of the others (its text is checked end to end in test/typescript7.test.mjs).
import { createRequire } from "node:module";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { ROOT } from "../helpers.mjs";

const require = createRequire(import.meta.url);
const { pathOf, checkTypeScript, requireClassic } = require(
  join(ROOT, "dist", "transformer", "typescript-version.cjs"),
);
const { UnsupportedTypeScriptError } = require(join(ROOT, "dist", "transformer", "errors.cjs"));

test("TypeScript 5.9 and 6 take the compiler-API path; 7.0.2 and later 7.0 patches take tamed build", () => {
  for (const v of ["5.9.3", "6.0.3", "6.1.0"]) assert.is(pathOf(v), "classic", v);
  for (const v of ["7.0.2", "7.0.5"]) assert.is(pathOf(v), "native", v);
});

test("versions tamed was not tested with have no path: older, 7.0 prereleases, 7.1 and its nightlies, 8", () => {
  for (const v of [
    "5.8.3",
    "7.0.1-rc",
    "7.0.0-dev.20260707.2",
    "7.1.0-dev.20261021.1",
    "7.1.0",
    "8.0.0",
    "not a version",
  ])
    assert.is(pathOf(v), undefined, v);
});

test("an unknown version throws UnsupportedTypeScriptError whose message and stack are the one paragraph", () => {
  try {
    checkTypeScript("8.0.0", "/p/node_modules/typescript", "tamed build");
    assert.unreachable("must throw");
  } catch (e) {
    assert.instance(e, UnsupportedTypeScriptError);
    assert.is(e.name, "UnsupportedTypeScriptError");
    assert.is(e.version, "8.0.0");
    assert.is(e.stack, e.message);
    assert.not.match(e.message, "\n");
    assert.match(e.message, "found TypeScript 8.0.0 (/p/node_modules/typescript)");
  }
});

test("the compiler-API entry points refuse TypeScript 7.0 with the way to build it (npx tamed build)", () => {
  assert.throws(
    () => requireClassic("7.0.2", "here", "tamed/transformer (tspc)"),
    (e) => e instanceof UnsupportedTypeScriptError && /npx tamed build/.test(e.message),
  );
  assert.not.throws(() => requireClassic("6.0.3", "here", "tamed/transformer (tspc)"));
});

test.run();
