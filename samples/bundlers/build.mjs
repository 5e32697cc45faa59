// node build.mjs <vite|rollup|webpack|rspack|esbuild> [esm|cjs|unplugin]: builds src/main.ts with that tool and
// its config file here, through the tool's own JavaScript API (as its CLI would), into out/<tool>/.
// webpack and Rspack write CommonJS (main.cjs); with "esm", an ES module (out/<tool>-esm/main.mjs).
// Vite and Rollup write an ES module; with "cjs", CommonJS (out/<tool>-cjs/main.cjs).
// esbuild with "unplugin": through tamed/unplugin's .esbuild() (out/esbuild-unplugin/).
import { createRequire } from "node:module";

const [tool, variant] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const here = new URL(".", import.meta.url).pathname;
process.chdir(here);

if (tool === "vite") {
  const { build } = await import("vite");
  const cjs =
    variant === "cjs"
      ? {
          build: {
            outDir: "out/vite-cjs",
            rollupOptions: {
              output: { format: "cjs", entryFileNames: "[name].cjs", chunkFileNames: "assets/[name]-[hash].cjs" },
            },
          },
        }
      : {};
  await build({ configFile: "vite.config.mjs", logLevel: "warn", ...cjs });
} else if (tool === "rollup") {
  const { rollup } = await import("rollup");
  const { default: base } = await import("./rollup.config.mjs");
  const config =
    variant === "cjs"
      ? {
          ...base,
          output: {
            ...base.output,
            dir: "out/rollup-cjs",
            format: "cjs",
            entryFileNames: "[name].cjs",
            chunkFileNames: "[name]-[hash].cjs",
          },
        }
      : base;
  const bundle = await rollup(config);
  await bundle.write(config.output);
  await bundle.close();
} else if (tool === "webpack" || tool === "rspack") {
  const compile = tool === "webpack" ? require("webpack") : require("@rspack/core").rspack;
  const config = require(`./${tool}.config.cjs`);
  if (variant === "esm") {
    config.output = {
      ...config.output,
      path: `${config.output.path}-esm`,
      filename: "main.mjs",
      module: true,
      chunkFormat: "module",
      library: { type: "module" },
    };
    config.experiments = { ...config.experiments, outputModule: true };
  }
  const stats = await new Promise((resolve, reject) => compile(config, (e, s) => (e ? reject(e) : resolve(s))));
  if (stats.hasErrors()) {
    console.error(stats.toString({ all: false, errors: true }));
    process.exitCode = 1;
  }
} else if (tool === "esbuild") {
  await import("./esbuild.mjs");
} else {
  console.error("usage: node build.mjs vite|rollup|webpack|rspack|esbuild");
  process.exitCode = 2;
}
