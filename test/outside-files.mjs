// Shared by test/bundlers.test.mjs (TypeScript 6) and test/bundlers-ts7.test.mjs (TypeScript 7):
// marked files that a bundle loads but the tsconfig's project leaves out (issue 14), added to a
// copy of samples/bundlers, and a build of one entry point with one tool through tamed's plugin.
//  - src/jobs/ is excluded by the tsconfig: src/jobs/run.ts (an entry point) and the marked
//    src/jobs/job.ts it imports are in no program TypeScript makes of the tsconfig, but under a
//    folder the plugins read for markers (its `include`).
//  - lib/ is outside the tsconfig's folders: the marked lib/libjob.ts, imported by src/uselib.ts,
//    is in TypeScript's program (an import), but in no folder the plugins read.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeStripTypesLoader } from "./helpers.mjs";

const RUN = (name, from) => `import { ${name} } from "${from}";

async function main(): Promise<void> {
  console.log(JSON.stringify(await ${name}(1000)));
}
void main();
`;

/** Writes the files above into `dir` (a copy of samples/bundlers), and `outside-build.mjs`. */
export function writeOutsideFiles(dir) {
  const config = JSON.parse(readFileSync(join(dir, "tsconfig.json"), "utf8"));
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ ...config, exclude: ["src/jobs"] }, null, 2) + "\n");
  mkdirSync(join(dir, "src", "jobs"), { recursive: true });
  mkdirSync(join(dir, "lib"), { recursive: true });
  writeFileSync(
    join(dir, "src", "jobs", "job.ts"),
    'import { isWorker, makeAsync } from "tamed";\nimport { countPrimes } from "../primes.js";\n\nexport const job = makeAsync((n: number) => ({ value: countPrimes(0, n), onWorker: isWorker() }));\n',
  );
  writeFileSync(join(dir, "src", "jobs", "run.ts"), RUN("job", "./job.js"));
  writeFileSync(
    join(dir, "lib", "libjob.ts"),
    'import { isWorker, makeAsync } from "tamed";\n\nexport const libjob = makeAsync((n: number) => ({ value: n * 2, onWorker: isWorker() }));\n',
  );
  writeFileSync(join(dir, "src", "uselib.ts"), RUN("libjob", "../lib/libjob.js"));
  // node outside-build.mjs <tool> <entry>: an ES module bundle of <entry> in out/outside-<tool>/main.mjs.
  writeFileSync(
    join(dir, "outside-build.mjs"),
    `import { createRequire } from "node:module";
import * as path from "node:path";
const [tool, entry] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const out = path.resolve("out", "outside-" + tool);
if (tool === "esbuild") {
  const esbuild = await import("esbuild");
  const { default: tamed } = await import("tamed/esbuild");
  await esbuild.build({ entryPoints: [entry], bundle: true, platform: "node", target: "node20", format: "esm", packages: "external", outfile: out + "/main.mjs", logLevel: "silent", plugins: [tamed()] });
} else if (tool === "vite") {
  const { build } = await import("vite");
  const { default: tamed } = await import("tamed/vite");
  await build({ configFile: false, logLevel: "silent", plugins: [tamed()], build: { ssr: entry, outDir: out, target: "node20", rollupOptions: { output: { entryFileNames: "main.mjs" } } } });
} else if (tool === "rollup") {
  const { rollup } = await import("rollup");
  const { default: strip } = await import("rollup-plugin-esbuild");
  const { default: tamed } = await import("tamed/rollup");
  const bundle = await rollup({ input: entry, external: [/^node:/], plugins: [tamed(), strip({ target: "node20" })] });
  await bundle.write({ dir: out, format: "esm", entryFileNames: "main.mjs" });
  await bundle.close();
} else {
  const compile = tool === "webpack" ? require("webpack") : require("@rspack/core").rspack;
  const tamed = require("tamed/" + tool);
  // Types stripped without TypeScript's compiler API (TypeScript 7 has none): esbuild's transform for webpack.
  const loader = tool === "webpack" ? { loader: path.resolve("strip-types.cjs") } : { loader: "builtin:swc-loader", options: { jsc: { parser: { syntax: "typescript" } } } };
  const config = { mode: "production", target: "node20", entry: "./" + entry, output: { path: out, filename: "main.mjs", module: true, chunkFormat: "module", library: { type: "module" } }, experiments: { outputModule: true }, resolve: { extensions: [".ts", ".js"], extensionAlias: { ".js": [".ts", ".js"] } }, module: { rules: [{ test: /\\.ts$/, ...loader }] }, plugins: [tamed()] };
  const stats = await new Promise((resolve, reject) => compile(config, (e, s) => (e ? reject(e) : resolve(s))));
  if (stats.hasErrors()) throw new Error(stats.toString({ all: false, errors: true }));
}
`,
  );
  writeStripTypesLoader(dir);
}

function spawn(dir, args) {
  const env = { ...process.env, NO_COLOR: "1" };
  delete env.FORCE_COLOR;
  delete env.TAMED_INLINE;
  return spawnSync(process.execPath, args, { cwd: dir, encoding: "utf8", timeout: 180_000, env });
}

/**
 * Builds `entry` with `tool` in `dir`, and runs the bundle: `{ built: true, result }` (what it
 * printed, or the first line of its error), or `{ built: false, output }` (what the build printed).
 */
export function buildOutside(dir, tool, entry) {
  const b = spawn(dir, ["outside-build.mjs", tool, entry]);
  if (b.status !== 0) return { built: false, output: b.stdout + b.stderr };
  const r = spawn(dir, [join(dir, "out", `outside-${tool}`, "main.mjs")]);
  if (r.status !== 0) {
    const error = (r.stderr.match(/^\w*Error: .*$/m) ?? [r.stderr])[0];
    return { built: true, result: error };
  }
  return { built: true, result: JSON.parse(r.stdout.trim().split("\n").at(-1)) };
}
