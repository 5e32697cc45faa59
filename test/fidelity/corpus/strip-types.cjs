// webpack on TypeScript 7 (ts-loader needs TypeScript's compiler API, which TypeScript 7 has
// not): esbuild strips the types, as esbuild-loader would (build.mjs bundle()).
const esbuild = require("esbuild");

module.exports = function (source) {
  const { experimentalDecorators } = this.getOptions();
  return esbuild.transformSync(source, {
    loader: "ts",
    target: "node20",
    sourcefile: this.resourcePath,
    tsconfigRaw: { compilerOptions: { experimentalDecorators } },
  }).code;
};
