// webpack: ts-loader strips the types (transpileOnly); tamed's loader runs before it (enforce: "pre").
const path = require("node:path");
const tamed = require("tamed/webpack");

module.exports = {
  mode: "production",
  target: "node20",
  entry: "./src/main.ts",
  output: { path: path.resolve(__dirname, "out/webpack"), filename: "main.cjs" },
  resolve: { extensions: [".ts", ".js"], extensionAlias: { ".js": [".ts", ".js"] } },
  module: { rules: [{ test: /\.ts$/, loader: "ts-loader", options: { transpileOnly: true } }] },
  plugins: [tamed()],
};
