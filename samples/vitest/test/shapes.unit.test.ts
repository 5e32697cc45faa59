import { expect, test } from "vitest";
import { Shapes } from "../src/shapes.js";

test("a decorated method runs inline too (its decorator lowered by lower-decorators.mjs)", async () => {
  expect(await Shapes.area(2)).toEqual({ area: 13, onWorker: false });
});
