import { expect, test } from "vitest";
// The source, as in the unit tests: tamed's Vite plugin (vitest.plugin.config.mjs) gives it its worker module.
import { countWords } from "../src/words.js";

test("counts words on a worker thread through tamed's Vite plugin (inline with TAMED_INLINE=1)", async () => {
  const { counts, onWorker } = await countWords("The cat and the hat");
  expect([...counts]).toEqual([
    ["the", 2],
    ["cat", 1],
    ["and", 1],
    ["hat", 1],
  ]);
  expect(onWorker).toBe(process.env.TAMED_INLINE !== "1");
});
