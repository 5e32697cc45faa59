// Integration tests: built with tspc first (globalSetup), the tests import the built
// output, and marked functions run on worker threads as in production.
import { defineConfig } from "vitest/config";

export default defineConfig({ test: { include: ["test/*.integration.test.ts"], globalSetup: ["./build.mjs"] } });
