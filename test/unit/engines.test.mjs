// cli/engines.ts: npm `engines.node` ranges, and the toolchain setup picks for a Node.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { satisfies, toolchainFor } from "../../dist/cli/engines.js";

test("satisfies reads the comparators engines fields use", () => {
  const cases = [
    ["20.20.2", ">=22.15.0", false],
    ["22.15.0", ">=22.15.0", true],
    ["24.1.0", ">=22.15.0", true],
    ["20.19.0", ">=20.19", true],
    ["20.18.9", ">=20.19", false],
    ["v20.19.1", ">= 20.19", true],
    ["20.20.2", "^20.19.0 || >=22.12.0", true],
    ["21.0.0", "^20.19.0 || >=22.12.0", false],
    ["22.12.0", "^20.19.0 || >=22.12.0", true],
    ["18.0.0", ">=14.17", true],
    ["20.1.0", ">=18 <21", true],
    ["21.0.0", ">=18 <21", false],
    ["20.9.9", "~20.9", true],
    ["20.10.0", "~20.9", false],
    ["20.3.1", "20.x", true],
    ["21.0.0", "20", false],
    ["0.3.1", "^0.3.0", true],
    ["0.4.0", "^0.3.0", false],
    ["20.0.0", "*", true],
  ];
  for (const [version, range, want] of cases) assert.is(satisfies(version, range), want, `${version} in ${range}`);
});

test("a range satisfies cannot read gives undefined, not a guess", () => {
  assert.is(satisfies("20.0.0", "18 - 22"), undefined);
  assert.is(satisfies("20.0.0", ">=banana"), undefined);
  assert.is(satisfies("not a version", ">=20"), undefined);
  // One readable alternative that holds is enough.
  assert.is(satisfies("20.0.0", "18 - 22 || >=20"), true);
});

test("setup's toolchain: TypeScript 6 with ts-patch 4 from Node 22.15, else 5.9 with ts-patch 3.3, saying why", () => {
  assert.equal(toolchainFor("22.15.0"), { typescript: "typescript@^6.0.0", tsPatch: "ts-patch@^4.0.0" });
  assert.equal(toolchainFor("24.0.0"), { typescript: "typescript@^6.0.0", tsPatch: "ts-patch@^4.0.0" });
  const old = toolchainFor("20.20.2");
  assert.is(old.typescript, "typescript@~5.9.0");
  assert.is(old.tsPatch, "ts-patch@^3.3.0");
  assert.is(
    old.because,
    "TypeScript 5.9 with ts-patch 3.3, since ts-patch 4 (for TypeScript 6) requires Node >=22.15.0 and this is Node 20.20.2",
  );
});

test.run();
