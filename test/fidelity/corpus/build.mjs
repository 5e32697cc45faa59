// Builds the corpus one of these ways, as a project of that kind would:
//   node build.mjs tspc-version  prints the versions of ts-patch and of the TypeScript tspc runs
//   node build.mjs esm       tspc -p tsconfig.json        -> out/      run: node --import ./register.mjs out/esm/main.js
//   node build.mjs cjs       tspc -p cjs/tsconfig.json    -> cjs/out/  run: node --require ./cjs/register.cjs cjs/out/cjs/main.js
//   node build.mjs esbuild   esbuild + tamed/esbuild      -> dist/     run: node dist/main.js
//   node build.mjs esbuild-cjs  the CommonJS project, format "cjs"  -> cjs/dist/  run: node cjs/dist/main.js
//   node build.mjs ts7       tamed build -p tsconfig.json (TypeScript 7) -> out/      run: as esm
//   node build.mjs ts7-cjs   tamed build -p cjs/tsconfig.json            -> cjs/out/  run: as cjs
//     (in a copy whose node_modules/typescript is TypeScript 7: harness.mjs ts7Project)
// esm and cjs also run in a copy on TypeScript 5.9 with ts-patch 3.3 (harness.mjs ts5Project).
// Each removes its previous output first, copies the text assets next to the emitted
// JavaScript (tsc does not copy them), prints the compiler's diagnostics, and exits
// with the compiler's status.
import { spawnSync } from "node:child_process";
import { cpSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const mode = process.argv[2];

// The project's ts-patch on the project's TypeScript (TSP_COMPILER_TS_PATH: ts-patch would
// otherwise take the typescript it resolves from its own folder, which in a copy made by
// harness.mjs tsProject, whose node_modules links to the repository's, is another version).
// TypeScript 5.9 refuses cjs/tsconfig.json's moduleResolution "bundler" with module "commonjs"
// (TS5095; allowed from 6.0): there the CommonJS project resolves as "node10".
function tspc(project, outDir) {
  rmSync(join(here, outDir), { recursive: true, force: true });
  const typescript = dirname(require.resolve("typescript/package.json"));
  const five = require("typescript/package.json").version.startsWith("5.");
  const args = ["-p", project, ...(five && project.startsWith("cjs/") ? ["--moduleResolution", "node10"] : [])];
  const env = { ...process.env, TSP_COMPILER_TS_PATH: typescript };
  const r = spawnSync(process.execPath, [join(dirname(require.resolve("ts-patch/package.json")), "bin", "tspc.js"), ...args], { cwd: here, stdio: "inherit", env });
  return r.status ?? 1;
}

if (mode === "tspc-version") {
  // What tspc above runs: ts-patch's version, then tsc's "Version x.y.z".
  const r = spawnSync(process.execPath, [join(dirname(require.resolve("ts-patch/package.json")), "bin", "tspc.js"), "-v"], {
    cwd: here,
    encoding: "utf8",
    env: { ...process.env, TSP_COMPILER_TS_PATH: dirname(require.resolve("typescript/package.json")) },
  });
  console.log(`ts-patch ${require("ts-patch/package.json").version}, ${r.stdout.trim()}`);
  process.exitCode = r.status ?? 1;
} else if (mode === "esm") {
  const status = tspc("tsconfig.json", "out");
  cpSync(join(here, "src/esm/words.txt"), join(here, "out/esm/words.txt"));
  process.exitCode = status;
} else if (mode === "cjs") {
  const status = tspc("cjs/tsconfig.json", "cjs/out");
  cpSync(join(here, "src/cjs/words.txt"), join(here, "cjs/out/cjs/words.txt"));
  process.exitCode = status;
} else if (mode === "esbuild" || mode === "esbuild-cjs") {
  const cjs = mode === "esbuild-cjs";
  const outdir = cjs ? "cjs/dist" : "dist";
  rmSync(join(here, outdir), { recursive: true, force: true });
  const esbuild = await import("esbuild");
  const { default: tamed } = await import("tamed/esbuild");
  const tsconfig = cjs ? "cjs/tsconfig.json" : "tsconfig.json";
  const result = await esbuild
    .build({
      absWorkingDir: here,
      entryPoints: [cjs ? "src/cjs/main.ts" : "src/esm/main.ts"],
      bundle: true,
      platform: "node",
      target: "node20",
      format: cjs ? "cjs" : "esm",
      outdir,
      tsconfig,
      packages: "external",
      // package.json "imports": the sources, as tsc's customConditions say.
      conditions: ["source"],
      sourcemap: true,
      logLevel: "silent",
      plugins: [tamed({ tsconfig })],
    })
    .catch((e) => e);
  for (const m of result.errors ?? []) {
    const where = m.location ? `${m.location.file}(${m.location.line},${m.location.column + 1}): ` : "";
    console.log(`${where}error ${m.text}`);
  }
  cpSync(join(here, cjs ? "src/cjs/words.txt" : "src/esm/words.txt"), join(here, outdir, "words.txt"));
  process.exitCode = result.errors?.length ? 1 : 0;
} else if (mode === "ts7" || mode === "ts7-cjs") {
  const cjs = mode === "ts7-cjs";
  rmSync(join(here, cjs ? "cjs/out" : "out"), { recursive: true, force: true });
  const cli = join(dirname(require.resolve("tamed/package.json")), "dist", "cli", "index.js");
  const r = spawnSync(process.execPath, [cli, "build", "-p", cjs ? "cjs/tsconfig.json" : "tsconfig.json"], { cwd: here, stdio: "inherit" });
  cpSync(join(here, cjs ? "src/cjs/words.txt" : "src/esm/words.txt"), join(here, cjs ? "cjs/out/cjs/words.txt" : "out/esm/words.txt"));
  process.exitCode = r.status ?? 1;
} else {
  console.error("usage: node build.mjs esm|cjs|esbuild|esbuild-cjs|ts7|ts7-cjs|tspc-version");
  process.exitCode = 2;
}
