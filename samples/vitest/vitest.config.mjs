// Unit tests: vitest runs the TypeScript sources with no tamed build, so marked functions
// run inline, on the test's own thread (TAMED_INLINE=1): same API, no workers.
// lower-decorators.mjs: for the decorated method in src/shapes.ts (Node cannot parse TC39 decorators).
import { defineConfig } from "vitest/config";
import { lowerDecorators } from "./lower-decorators.mjs";

export default defineConfig({
  plugins: [lowerDecorators],
  test: { include: ["test/*.unit.test.ts"], env: { TAMED_INLINE: "1" } },
});
