// Rollup: tamed's plugin before the one that strips TypeScript (it edits the TypeScript source).
import esbuild from "rollup-plugin-esbuild";
import tamed from "tamed/rollup";

export default {
  input: "src/main.ts",
  output: { dir: "out/rollup", format: "esm", entryFileNames: "[name].mjs" },
  external: [/^node:/],
  plugins: [tamed(), esbuild({ target: "node20" })],
};
