// esbuild: the same plugin (tamed/esbuild); packages stay imports.
import * as esbuild from "esbuild";
import tamed from "tamed/esbuild";

await esbuild.build({
  entryPoints: ["src/main.ts"],
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  packages: "external",
  outfile: "out/esbuild/main.mjs",
  plugins: [tamed()],
});
