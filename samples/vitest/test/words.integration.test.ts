import { expect, test } from "vitest";
// The built output, not the source: its marked functions dispatch to worker threads.
import { countWords } from "../out/words.js";

test("counts words on a worker thread", async () => {
  const { counts, onWorker } = await countWords("The cat and the hat");
  expect([...counts]).toEqual([
    ["the", 2],
    ["cat", 1],
    ["and", 1],
    ["hat", 1],
  ]);
  expect(onWorker).toBe(true);
});
