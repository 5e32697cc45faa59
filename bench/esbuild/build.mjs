// One esbuild build of a generated project (generate.mjs), with or without tamed/esbuild:
//   node bench/esbuild/build.mjs <dir> plain|tamed
import * as esbuild from "esbuild";
import tamed from "tamed/esbuild";

const [dir, mode] = process.argv.slice(2);
const result = await esbuild.build({
  absWorkingDir: dir,
  entryPoints: ["src/main.ts"],
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  outdir: "dist",
  packages: "external",
  logLevel: "silent",
  plugins: mode === "tamed" ? [tamed()] : [],
});
if (result.errors.length > 0) {
  console.error(result.errors);
  process.exitCode = 1;
}
