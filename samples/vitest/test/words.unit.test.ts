import { expect, test } from "vitest";
import { countWords } from "../src/words.js";

test("counts words, case-folded (inline: on the test's thread)", async () => {
  const { counts, onWorker } = await countWords("The cat and the hat");
  expect([...counts]).toEqual([
    ["the", 2],
    ["cat", 1],
    ["and", 1],
    ["hat", 1],
  ]);
  expect(onWorker).toBe(false);
});

test("a blocking wait() works inline too", () => {
  expect(countWords("a a a").wait().counts.get("a")).toBe(3);
});
