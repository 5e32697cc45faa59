import { expect, test } from "vitest";
import { Shapes } from "../src/shapes.js";

test("a decorated method runs on a worker thread through tamed's Vite plugin (inline with TAMED_INLINE=1)", async () => {
  expect(await Shapes.area(2)).toEqual({ area: 13, onWorker: process.env.TAMED_INLINE !== "1" });
});
