// Tests over the sources, with tamed's Vite plugin: vitest transforms src/ as Vite does, the
// plugin builds the worker modules (into node_modules/.tamed/), and marked functions run
// on worker threads, as in production, with no build step of your own.
// TAMED_INLINE=1 still runs them inline. lower-decorators.mjs, after tamed's plugin: for the
// decorated method in src/shapes.ts (Node cannot parse TC39 decorators).
import { defineConfig } from "vitest/config";
import tamed from "tamed/vite";
import { lowerDecorators } from "./lower-decorators.mjs";

export default defineConfig({
  plugins: [tamed(), lowerDecorators],
  test: { include: ["test/*.plugin.test.ts"] },
});
