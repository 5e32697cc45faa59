// Builds the corpus one of these ways, as a project of that kind would:
//   node build.mjs tspc-version  prints the versions of ts-patch and of the TypeScript tspc runs
//   node build.mjs esm       tspc -p tsconfig.json        -> out/      run: node --import ./register.mjs out/esm/main.js
//   node build.mjs cjs       tspc -p cjs/tsconfig.json    -> cjs/out/  run: node --require ./cjs/register.cjs cjs/out/cjs/main.js
//   node build.mjs esbuild   esbuild + tamed/esbuild      -> dist/     run: node dist/main.js
//   node build.mjs esbuild-cjs  the CommonJS project, format "cjs"  -> cjs/dist/  run: node cjs/dist/main.js
//   node build.mjs ts7       tamed build -p tsconfig.json (TypeScript 7) -> out/      run: as esm
//   node build.mjs ts7-cjs   tamed build -p cjs/tsconfig.json            -> cjs/out/  run: as cjs
//     (in a copy whose node_modules/typescript is TypeScript 7: harness.mjs ts7Project)
//   node build.mjs vite|rollup|webpack|rspack        that tool + tamed/<tool>  -> bundles/<tool>/      run: node bundles/<tool>/main.mjs
//   node build.mjs vite-cjs|rollup-cjs|webpack-cjs|rspack-cjs  the CommonJS project  -> cjs/bundles/<tool>/  run: node cjs/bundles/<tool>/main.cjs
//     (see bundle() below; `--without a,b` leaves cases out of a Rollup build; `--keep-names`
//     has webpack's and Rspack's minimizer keep names)
// All but ts7 and ts7-cjs also run in a copy on TypeScript 5.9 with ts-patch 3.3 (harness.mjs
// ts5Project; the CommonJS project through cjs/tsconfig.node10.json there), and esbuild,
// esbuild-cjs and the bundlers in a copy on TypeScript 7 (ts7Project).
// Each removes its previous output first, copies the text assets next to the emitted
// JavaScript (tsc does not copy them), prints the compiler's diagnostics, and exits
// with the compiler's status.
import { spawnSync } from "node:child_process";
import { cpSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const mode = process.argv[2];

// The project's ts-patch on the project's TypeScript (TSP_COMPILER_TS_PATH: ts-patch would
// otherwise take the typescript it resolves from its own folder, which in a copy made by
// harness.mjs tsProject, whose node_modules links to the repository's, is another version).
function tspc(project, outDir) {
  rmSync(join(here, outDir), { recursive: true, force: true });
  const env = { ...process.env, TSP_COMPILER_TS_PATH: dirname(require.resolve("typescript/package.json")) };
  const r = spawnSync(process.execPath, [join(dirname(require.resolve("ts-patch/package.json")), "bin", "tspc.js"), "-p", project], { cwd: here, stdio: "inherit", env });
  return r.status ?? 1;
}

// The CommonJS project's tsconfig: TypeScript 5.9 refuses cjs/tsconfig.json's moduleResolution
// "bundler" with module "commonjs" (TS5095; allowed from 6.0), and takes cjs/tsconfig.node10.json.
const CJS_TSCONFIG = require("typescript/package.json").version.startsWith("5.") ? "cjs/tsconfig.node10.json" : "cjs/tsconfig.json";

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
  const status = tspc(CJS_TSCONFIG, "cjs/out");
  cpSync(join(here, "src/cjs/words.txt"), join(here, "cjs/out/cjs/words.txt"));
  process.exitCode = status;
} else if (mode === "esbuild" || mode === "esbuild-cjs") {
  const cjs = mode === "esbuild-cjs";
  const outdir = cjs ? "cjs/dist" : "dist";
  rmSync(join(here, outdir), { recursive: true, force: true });
  const esbuild = await import("esbuild");
  const { default: tamed } = await import("tamed/esbuild");
  const tsconfig = cjs ? CJS_TSCONFIG : "tsconfig.json";
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
} else if (/^(?:vite|rollup|webpack|rspack)(?:-cjs)?$/.test(mode)) {
  const [tool, variant] = mode.split("-");
  const args = process.argv.slice(3);
  const at = args.indexOf("--without");
  const without = at === -1 ? [] : args[at + 1].split(",");
  process.exitCode = await bundle(tool, variant === "cjs", without, args.includes("--keep-names"));
} else {
  console.error("usage: node build.mjs esm|cjs|esbuild|esbuild-cjs|ts7|ts7-cjs|tspc-version|<vite|rollup|webpack|rspack>[-cjs] [--without case,...] [--keep-names]");
  process.exitCode = 2;
}

/** webpack's and Rspack's `optimization` for a production build that keeps names as written. */
function keepNamesOptimization(tool) {
  // Module concatenation (both tools) renames a class another concatenated module also declares (`name_clash_Item`).
  if (tool === "webpack")
    return { concatenateModules: false, minimizeOptions: { javascript: { keepClassnames: true, keepFnames: true } } };
  const { SwcJsMinimizerRspackPlugin } = require("@rspack/core");
  const keep = { keep_classnames: true, keep_fnames: true };
  return {
    concatenateModules: false,
    minimizer: [new SwcJsMinimizerRspackPlugin({ minimizerOptions: { mangle: keep, compress: keep } })],
  };
}

/**
 * Vite, Rollup, webpack or Rspack with tamed's plugin (tamed/vite, ...), configured as the
 * README shows: the ES module project (tsconfig.json, src/esm/main.ts) into an ES module
 * bundle in bundles/<tool>/main.mjs, or with `cjs` the CommonJS project (cjs/tsconfig.json,
 * src/cjs/main.ts) into a CommonJS bundle in cjs/bundles/<tool>/main.cjs. Each tool is also
 * told what the project's tsconfig says and a bundler does not read: the "paths" alias
 * (@corpus/*), the "source" condition of package.json "imports" (#lib/*), the decorators'
 * kind. webpack and Rspack bundle fake-lodash (node_modules); Vite (its server build) and
 * Rollup (no CommonJS plugin) keep it an import. webpack strips the types with ts-loader on
 * TypeScript 5.9/6, and on TypeScript 7 (no compiler API for ts-loader) with a loader calling
 * esbuild's transform (strip-types.cjs), as test/bundlers-ts7.test.mjs does.
 *
 * `without` names cases the tool cannot carry (the test says why): their rows and imports are
 * taken out of the case tables this build reads (Rollup only, the one tool that needs it); the
 * build fails if one is not found, or if its module is imported with another case's.
 *
 * `keepNames` (webpack and Rspack): the production build's minimizer keeps class and function
 * names, as the README's Compatibility section shows (Rspack's also without module
 * concatenation, which renames a name two modules declare).
 */
async function bundle(tool, cjs, without, keepNames) {
  const tsconfig = cjs ? CJS_TSCONFIG : "tsconfig.json";
  const entry = cjs ? "src/cjs/main.ts" : "src/esm/main.ts";
  const outdir = join(here, cjs ? "cjs/bundles" : "bundles", tool);
  const main = cjs ? "main.cjs" : "main.mjs";
  const lib = join(here, "src", "lib");
  rmSync(outdir, { recursive: true, force: true });
  const { default: tamed } = await import(`tamed/${tool}`);
  const plugin = tamed({ tsconfig });
  let failed = false;
  const fail = (e) => {
    console.log(`error ${e?.stack ?? e}`);
    failed = true;
  };
  const removed = new Set();
  const leaveOut = {
    name: "corpus-leave-out",
    load(id) {
      if (without.length === 0 || !/[\\/](?:shared-cases|cases)\.ts$/.test(id)) return null;
      let text = readFileSync(id, "utf8");
      for (const name of without) {
        const row = new RegExp(`^ *\\{ name: "${name}", fn: (\\w+)[^\\n]*\\n`, "m").exec(text);
        if (row === null) continue;
        text = text.replace(row[0], "");
        const only = new RegExp(`^import \\{ ${row[1]} \\} from "[^"]+";\\n`, "m");
        if (!only.test(text)) throw new Error(`${name}: ${row[1]}'s module is imported with other cases' functions`);
        text = text.replace(only, "");
        removed.add(name);
      }
      return text;
    },
  };
  if (without.length > 0 && tool !== "rollup") {
    console.log(`error cases can be left out of Rollup's builds only`);
    return 1;
  }
  if (tool === "vite") {
    const { build } = await import("vite");
    // Vite's TypeScript transform (Oxc) lowers experimentalDecorators (told here: it reads the
    // tsconfig nearest each file, which for the CommonJS project's sources is the ES module
    // project's) but not TC39 decorators, which Node 20-24 cannot parse: the ES module project
    // lowers them with esbuild's transform after tamed's edit, as such a project must.
    const esbuild = await import("esbuild");
    const lowerDecorators = {
      name: "lower-decorators",
      enforce: "pre",
      async transform(code, id) {
        if (!/\.ts$/.test(id) || !/^\s*@\w/m.test(code)) return null;
        const r = await esbuild.transform(code, { loader: "ts", target: "node20", sourcefile: id, sourcemap: "external" });
        return { code: r.code, map: r.map };
      },
    };
    await build({
      configFile: false,
      root: here,
      logLevel: "warn",
      plugins: [plugin, ...(cjs ? [] : [lowerDecorators])],
      ...(cjs ? { oxc: { decorator: { legacy: true } } } : {}),
      resolve: { alias: { "@corpus": lib } },
      ssr: { resolve: { conditions: ["source"] } },
      build: {
        ssr: entry,
        outDir: outdir,
        target: "node20",
        rollupOptions: {
          // PLUGIN_TIMINGS: a note on stderr that tamed's buildStart (the analysis) took most of the build.
          checks: { pluginTimings: false },
          output: cjs
            ? { format: "cjs", entryFileNames: main, chunkFileNames: "assets/[name]-[hash].cjs" }
            : { format: "esm", entryFileNames: main, chunkFileNames: "assets/[name]-[hash].mjs" },
        },
      },
    }).catch(fail);
  } else if (tool === "rollup") {
    const { rollup } = await import("rollup");
    const { default: esbuild } = await import("rollup-plugin-esbuild");
    const aliases = {
      name: "corpus-aliases",
      resolveId(id) {
        const m = /^(?:@corpus|#lib)\/(.*)\.js$/.exec(id);
        return m === null ? null : join(lib, `${m[1]}.ts`);
      },
    };
    try {
      const b = await rollup({
        input: { main: entry },
        external: [/^node:/, "tamed", "fake-lodash"],
        // The corpus has a circular import on purpose (circular-a/-b).
        onwarn: (w, warn) => (w.code === "CIRCULAR_DEPENDENCY" ? undefined : warn(w)),
        plugins: [leaveOut, plugin, aliases, esbuild({ target: "node20", tsconfig, loaders: { ".json": "json" } })],
      });
      await b.write({
        dir: outdir,
        format: cjs ? "cjs" : "esm",
        entryFileNames: main,
        chunkFileNames: cjs ? "[name]-[hash].cjs" : "[name]-[hash].mjs",
      });
      await b.close();
    } catch (e) {
      fail(e);
    }
  } else {
    const ts7 = Number(require("typescript/package.json").version.split(".")[0]) >= 7;
    const strip =
      tool === "rspack"
        ? {
            loader: "builtin:swc-loader",
            options: {
              jsc: {
                parser: { syntax: "typescript", decorators: true },
                transform: cjs ? { legacyDecorator: true } : { decoratorVersion: "2022-03" },
              },
            },
          }
        : ts7
          ? { loader: join(here, "strip-types.cjs"), options: { experimentalDecorators: cjs } }
          : {
              loader: "ts-loader",
              // transpileOnly compiles each file alone, where "nodenext" means CommonJS (no
              // package.json "type" is read): the ES module project's files as ES modules.
              options: {
                // The project's TypeScript (ts-loader's own require would find the repository's);
                // named by path, ts-loader prints on stdout that it "may or may not be compatible".
                compiler: require.resolve("typescript"),
                logLevel: "error",
                transpileOnly: true,
                configFile: join(here, tsconfig),
                ...(cjs ? {} : { compilerOptions: { module: "esnext", moduleResolution: "bundler" } }),
              },
            };
    const config = {
      mode: "production",
      target: "node20",
      context: here,
      entry: `./${entry}`,
      output: cjs
        ? { path: outdir, filename: main }
        : { path: outdir, filename: main, module: true, chunkFormat: "module", library: { type: "module" } },
      experiments: cjs ? {} : { outputModule: true },
      resolve: {
        extensions: [".ts", ".js"],
        extensionAlias: { ".js": [".ts", ".js"] },
        alias: { "@corpus": lib },
        conditionNames: ["source", "node", cjs ? "require" : "import", "default"],
      },
      module: { rules: [{ test: /\.ts$/, ...strip }] },
      plugins: [plugin],
      ...(keepNames ? { optimization: keepNamesOptimization(tool) } : {}),
    };
    const compile = tool === "webpack" ? require("webpack") : require("@rspack/core").rspack;
    await new Promise((resolve) =>
      compile(config, (e, stats) => {
        if (e) fail(e);
        else if (stats.hasErrors()) fail(stats.toString({ all: false, errors: true }));
        resolve();
      }),
    );
  }
  for (const name of without) if (!removed.has(name) && !failed) fail(`no case named ${name} in the case tables`);
  if (!failed) cpSync(join(here, cjs ? "src/cjs/words.txt" : "src/esm/words.txt"), join(outdir, "words.txt"));
  return failed ? 1 : 0;
}
