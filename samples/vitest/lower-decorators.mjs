// Vite's TypeScript transform leaves TC39 decorators (`@makeAsync` on a method) as they are,
// and Node cannot parse them: vitest then fails with a bare "SyntaxError: Invalid or
// unexpected token". This plugin lowers them with esbuild's transform first, in the files
// that have any. (A project on `experimentalDecorators` needs nothing: Vite lowers those.)
import { transform } from "esbuild";

export const lowerDecorators = {
  name: "lower-decorators",
  enforce: "pre",
  async transform(code, id) {
    if (!/\.[cm]?tsx?$/.test(id) || !/^\s*@\w/m.test(code)) return null;
    const r = await transform(code, { loader: "ts", target: "node20", sourcefile: id, sourcemap: "external" });
    return { code: r.code, map: r.map };
  },
};
