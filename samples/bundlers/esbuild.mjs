// esbuild: the same plugin (tamed/esbuild); packages stay imports. With "unplugin"
// (node build.mjs esbuild unplugin), the same plugin reached through tamed/unplugin's
// `.esbuild()`, into out/esbuild-unplugin/.
import * as esbuild from "esbuild";
import tamedEsbuild from "tamed/esbuild";
import { unplugin } from "tamed/unplugin";

const viaUnplugin = process.argv[3] === "unplugin";

await esbuild.build({
  entryPoints: ["src/main.ts"],
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  packages: "external",
  outfile: viaUnplugin ? "out/esbuild-unplugin/main.mjs" : "out/esbuild/main.mjs",
  plugins: [viaUnplugin ? unplugin.esbuild() : tamedEsbuild()],
});
