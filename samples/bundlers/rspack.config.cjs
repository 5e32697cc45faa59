// Rspack: its built-in SWC loader strips the types; tamed's loader runs before it (enforce: "pre").
const path = require("node:path");
const tamed = require("tamed/rspack");

module.exports = {
  mode: "production",
  target: "node20",
  entry: "./src/main.ts",
  output: { path: path.resolve(__dirname, "out/rspack"), filename: "main.cjs" },
  resolve: { extensions: [".ts", ".js"], extensionAlias: { ".js": [".ts", ".js"] } },
  module: {
    rules: [{ test: /\.ts$/, loader: "builtin:swc-loader", options: { jsc: { parser: { syntax: "typescript" } } } }],
  },
  plugins: [tamed()],
};
