// Tests over the sources, with tamed's Vite plugin: vitest transforms src/ as Vite does, the
// plugin builds the worker modules (into node_modules/.tamed/), and marked functions run
// on worker threads, as in production, with no build step of your own.
// TAMED_INLINE=1 still runs them inline.
import { defineConfig } from "vitest/config";
import tamed from "tamed/vite";

export default defineConfig({ plugins: [tamed()], test: { include: ["test/*.plugin.test.ts"] } });
