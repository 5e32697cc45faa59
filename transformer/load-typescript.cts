/**
 * The project's TypeScript 5.9 or 6 for the bundler plugins (bundler.cts has checked its
 * version), as `require("typescript")` from the project gives it (never a second copy of
 * ours), but compiled from a V8 code cache when
 * there is one: compiling typescript.js (9 MB) costs more than esbuild's whole build of
 * a small project, and tsc itself keeps such a cache on Node 22 (module.enableCompileCache).
 *
 * The cache is `.cache/tamed/` in the node_modules folder TypeScript is installed in
 * (where babel-loader, eslint and others keep theirs), written once after an analysis (so
 * it holds the functions the analysis compiled, not only the top level). V8 refuses data made for other source text, another V8 or
 * other flags; the file name also says which TypeScript file, Node and architecture it
 * is for. Anything that fails on the way leaves the plain require.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as nodeModule from "node:module";
import * as path from "node:path";
import * as vm from "node:vm";
import type * as ts from "typescript";

export interface LoadedTypeScript {
  readonly ts: typeof ts;
  /** Whether V8 compiled it from the code cache. */
  readonly fromCache: boolean;
  /** Writes the code cache, if this load had none that V8 took: call once the analysis has run. */
  readonly remember: () => void;
}

interface ModuleInternals {
  new (
    id: string,
    parent?: unknown,
  ): nodeModule & { filename: string; loaded: boolean; paths: string[]; exports: unknown };
  wrap(source: string): string;
  _nodeModulePaths?(dir: string): string[];
  getCompileCacheDir?(): string | undefined;
}

const nothing = (): void => undefined;

export function loadTypeScript(cwd: string): LoadedTypeScript {
  const require = nodeModule.createRequire(path.join(cwd, "package.json"));
  const file = require.resolve("typescript");
  const plain = (): LoadedTypeScript => ({
    ts: require("typescript") as typeof ts,
    fromCache: false,
    remember: nothing,
  });
  const Module = nodeModule.Module as unknown as ModuleInternals;
  // The node_modules folder TypeScript is installed in (its package is typescript/, its main file lib/typescript.js).
  const modules = path.dirname(path.dirname(path.dirname(file)));
  // Already loaded (a rebuild, or another plugin), or Node's own compile cache is on: require does it all.
  if (
    require.cache[file] !== undefined ||
    Module.getCompileCacheDir?.() !== undefined ||
    path.basename(modules) !== "node_modules" ||
    typeof Module.wrap !== "function"
  )
    return plain();
  let script: vm.Script;
  let cacheFile: string;
  try {
    const source = fs.readFileSync(file, "utf8").replace(/^\uFEFF/, ""); // as require strips it
    const stat = fs.statSync(file);
    const key = createHash("sha256")
      .update(`${file}\0${stat.size}\0${stat.mtimeMs}\0${process.version}\0${process.arch}`)
      .digest("hex")
      .slice(0, 16);
    cacheFile = path.join(modules, ".cache", "tamed", `typescript-${key}.v8cache`);
    let cachedData: Buffer | undefined;
    try {
      cachedData = fs.readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
    script = new vm.Script(Module.wrap(source), {
      filename: file,
      ...(cachedData === undefined ? {} : { cachedData }),
    });
  } catch {
    return plain();
  }
  // As require would: a module in require's cache, so that every later require("typescript") gets this one.
  const m = new Module(file, undefined);
  m.filename = file;
  m.paths = Module._nodeModulePaths?.(path.dirname(file)) ?? [];
  require.cache[file] = m;
  try {
    (script.runInThisContext() as (...args: unknown[]) => void).call(
      m.exports,
      m.exports,
      nodeModule.createRequire(file),
      m,
      file,
      path.dirname(file),
    );
  } catch (e) {
    delete require.cache[file];
    throw e;
  }
  m.loaded = true;
  const fresh = script.cachedDataRejected !== false; // undefined: there was none
  return {
    ts: m.exports as typeof ts,
    fromCache: !fresh,
    remember: () => {
      if (!fresh) return;
      try {
        const dir = path.dirname(cacheFile);
        fs.mkdirSync(dir, { recursive: true });
        // One TypeScript per project: a cache of another version (or Node) is stale.
        for (const f of fs.readdirSync(dir))
          if (/^typescript-[0-9a-f]+\.v8cache$/.test(f) && f !== path.basename(cacheFile))
            fs.rmSync(path.join(dir, f), { force: true });
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, script.createCachedData());
        fs.renameSync(tmp, cacheFile);
      } catch {
        // a read-only node_modules: no cache, the next build compiles again
      }
    },
  };
}
