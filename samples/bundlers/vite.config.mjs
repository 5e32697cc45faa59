// Vite: a server-side (Node) build of src/main.ts; the worker modules are emitted beside it.
import { defineConfig } from "vite";
import tamed from "tamed/vite";

export default defineConfig({
  plugins: [tamed()],
  build: { ssr: "src/main.ts", outDir: "out/vite", target: "node20" },
});
