// node's own test runner, over the output of the real build (tspc compiles the tests
// with the sources):
//   unit tests, the function on the test's own thread:  TAMED_INLINE=1 node --test out/test/words.test.js
//   integration, the function on a worker thread:        node --test out/test/words.test.js
// The same tests run both ways; only where the function runs differs.
import assert from "node:assert/strict";
import { test } from "node:test";
import { countWords } from "../src/words.js";

const inline = process.env["TAMED_INLINE"] === "1";

test("counts words, case-folded", async () => {
  const { counts } = await countWords("The cat and the hat");
  assert.deepEqual(
    [...counts],
    [
      ["the", 2],
      ["cat", 1],
      ["and", 1],
      ["hat", 1],
    ],
  );
});

test(inline ? "runs on the test's thread (inline mode)" : "runs on a worker thread (the real build)", async () => {
  const { onWorker } = await countWords("x");
  assert.equal(onWorker, !inline);
});

test("a blocking wait() works too", () => {
  assert.equal(countWords("a a a").wait().counts.get("a"), 3);
});
