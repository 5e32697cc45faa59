// Unit tests: vitest runs the TypeScript sources with no tamed build, so marked functions
// run inline, on the test's own thread (TAMED_INLINE=1): same API, no workers.
import { defineConfig } from "vitest/config";

export default defineConfig({ test: { include: ["test/*.unit.test.ts"], env: { TAMED_INLINE: "1" } } });
