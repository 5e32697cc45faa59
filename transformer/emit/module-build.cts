/**
 * The esbuild builds of the worker modules, shared by the tsc plugin (which runs them on
 * the esbuild thread and blocks, see esbuild-sync.cts) and the esbuild plugin (which awaits them).
 *
 * One build per marked function, all at once in one esbuild service. Each worker module
 * is then self-contained (no shared chunks): one function's unbundlable import is one
 * diagnostic and one missing module, not all of them; the function's own file, imported
 * back through a cycle, is the entry module itself (one copy of its classes); and every
 * module's location is known, since its code is in exactly one output file.
 */
import * as path from "node:path";
import type { BuildFailure, Message, Metafile, Plugin } from "esbuild";
import {
  REQUIRE_PREFIX,
  SUFFIX,
  VIRTUAL,
  type BundleEntry,
  type BundleMessage,
  type BundleRequest,
  type BundleResult,
  type EntryResult,
} from "./build-protocol.cjs";
import { LOCATION_HELPERS } from "./locations.cjs";
import { escapeRegExp as escape } from "../text-patterns.cjs";

/** Only `build` is used: the esbuild plugin passes `build.esbuild`, which has no `stop`. */
export type Esbuild = Pick<typeof import("esbuild"), "build">;

const REQUIRE_NS = "tamed-require";
/** Marks the plugin's own build.resolve() calls, which its onResolve leaves to esbuild. */
const INNER = Symbol("tamed inner resolve");

/**
 * The helpers some worker modules need, before their code: a `require` (esbuild's
 * bundled code calls it for CommonJS sources' requires of packages, as tsc's output does
 * on the main thread), and the location functions that rewritten `import.meta.url`,
 * `import.meta.resolve` and `__dirname` call. `require` resolves from the worker module's folder, which finds the
 * same node_modules as the main thread's JavaScript next to it.
 */
const BANNER = [
  `import { createRequire as ${LOCATION_HELPERS.createRequire} } from "node:module";`,
  'import { fileURLToPath as __tamed_fileURLToPath } from "node:url";',
  'import { dirname as __tamed_dirname } from "node:path";',
  `const require = ${LOCATION_HELPERS.createRequire}(import.meta.url);`,
  `const ${LOCATION_HELPERS.file} = (p) => __tamed_fileURLToPath(new URL(p, import.meta.url));`,
  `const ${LOCATION_HELPERS.dir} = (p) => __tamed_dirname(${LOCATION_HELPERS.file}(p));`,
  // CommonJS's module object for the main thread's file: not the program's entry (require.main).
  // One per file, so that `module === module` and `module.exports.x = 1` hold as there.
  "const __tamed_modules = new Map();",
  `const ${LOCATION_HELPERS.module} = (p) => { let m = __tamed_modules.get(p); if (m === undefined) __tamed_modules.set(p, (m = { id: ${LOCATION_HELPERS.file}(p), filename: ${LOCATION_HELPERS.file}(p), path: ${LOCATION_HELPERS.dir}(p), exports: {}, loaded: true, children: [], paths: [] })); return m; };`,
  // tsc's __importStar, for an import() its CommonJS output made a require() (locations.cts).
  // A property that can change stays live (a getter); one that cannot keeps its descriptor, as tsc's __createBinding.
  `const ${LOCATION_HELPERS.importStar} = (m) => { if (m && m.__esModule) return m; const r = {}; if (m != null) for (const k of Object.getOwnPropertyNames(m)) if (k !== "default") { let d = Object.getOwnPropertyDescriptor(m, k); if (!d || ("get" in d ? !m.__esModule : d.writable || d.configurable)) d = { enumerable: true, get: () => m[k] }; Object.defineProperty(r, k, d); } Object.defineProperty(r, "default", { enumerable: true, value: m }); return r; };`,
  // A relative specifier from the main thread's file; any other resolves the same from here.
  `const ${LOCATION_HELPERS.resolve} = (p) => (s, ...r) => /^\\.\\.?(?:\\/|$)/.test(s) ? new URL(s, new URL(p, import.meta.url)).href : import.meta.resolve(s, ...r);`,
].join(" ");

function message(request: BundleRequest, entry: BundleEntry, m: Message): BundleMessage {
  const loc = m.location;
  if (loc === null) return { text: m.text, entry: entry.id };
  const q = loc.file.indexOf(SUFFIX);
  const file = path.resolve(request.absWorkingDir, q < 0 ? loc.file : loc.file.slice(0, q));
  return { text: m.text, file, line: loc.line, column: loc.column, entry: entry.id };
}

/**
 * The entries are virtual modules under their source files' own paths (so source maps
 * name them). Imports of the user's files resolve as TypeScript resolved them; an
 * entry's own file, imported back (only an entry built alone can be), is the entry;
 * files the worker sees otherwise than on disk load from the request.
 */
function workerModules(request: BundleRequest, entries: readonly BundleEntry[]): Plugin {
  // Only what needs an answer of ours crosses to this plugin (each call is a round trip
  // from esbuild's process): the specifiers the resolution map has, the files we load.
  const specifiers = new Set(Object.values(request.resolutions).flatMap((r) => Object.keys(r)));
  const byId = new Map(entries.map((e) => [e.id, e]));
  const files = new Map(entries.flatMap((e) => Object.entries(e.files)));
  const ours = new Set([...entries.map((e) => e.file), ...files.keys()]);
  const alone = entries.length === 1 ? entries[0] : undefined;
  const exactly = (xs: Iterable<string>): RegExp => new RegExp(`^(?:${[...xs].map(escape).join("|")})$`);
  return {
    name: "tamed-worker-modules",
    setup(build) {
      build.onResolve({ filter: new RegExp(`^${escape(VIRTUAL)}`) }, (args) => {
        const e = byId.get(args.path.slice(VIRTUAL.length))!;
        return { path: e.file, suffix: SUFFIX + e.id, namespace: "file" };
      });
      if (specifiers.size > 0)
        build.onResolve({ filter: exactly(specifiers) }, async (args) => {
          if (args.namespace !== "file" || args.importer === "" || args.pluginData === INNER) return undefined;
          const r = request.resolutions[args.importer.replace(/\?.*$/, "")]?.[args.path];
          if (r === undefined) return undefined;
          if ("require" in r) return { path: r.require, namespace: REQUIRE_NS };
          if (alone !== undefined && alone.wraps === undefined && r.file === alone.file)
            return { path: alone.file, suffix: SUFFIX + alone.id, namespace: "file" };
          const main = request.mainThread;
          if (main.kind === "node") return { path: r.file, namespace: "file" };
          // For a bundle, the file TypeScript chose, with the tool's verdict on its side
          // effects, so that an import the bundle drops is dropped here too, and one it runs
          // is run; without a verdict, what esbuild says of it (its package's sideEffects).
          const verdict = main.sideEffects?.[r.file];
          if (verdict !== undefined) return { path: r.file, namespace: "file", sideEffects: verdict };
          const own = await build.resolve(r.file, {
            kind: args.kind,
            importer: args.importer,
            resolveDir: args.resolveDir,
            pluginData: INNER,
          });
          return own.errors.length === 0
            ? { path: r.file, namespace: "file", sideEffects: own.sideEffects }
            : { path: r.file, namespace: "file" };
        });
      // An import the request wrote for a package that the main thread requires (REQUIRE_PREFIX).
      build.onResolve({ filter: new RegExp(`^${escape(REQUIRE_PREFIX)}`) }, (args) => ({
        path: args.path.slice(REQUIRE_PREFIX.length),
        namespace: REQUIRE_NS,
      }));
      // The require() inside stays a require() at run time (packages are not bundled).
      build.onResolve({ filter: /.*/, namespace: REQUIRE_NS }, (args) => ({ path: args.path, external: true }));
      build.onLoad({ filter: /.*/, namespace: REQUIRE_NS }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(args.path)});`,
        loader: "js",
      }));
      build.onLoad({ filter: exactly(ours), namespace: "file" }, (args) => {
        const e = args.suffix.startsWith(SUFFIX) ? byId.get(args.suffix.slice(SUFFIX.length)) : undefined;
        if (e !== undefined) return { contents: e.contents, loader: e.loader, resolveDir: path.dirname(e.file) };
        const f = files.get(args.path);
        return f === undefined
          ? undefined
          : { contents: f.contents, loader: f.loader, resolveDir: path.dirname(args.path) };
      });
    },
  };
}

/** What each entry's output took in and imports, from the build's metafile. */
function summaries(
  request: BundleRequest,
  entries: readonly BundleEntry[],
  meta: Metafile,
  written: ReadonlyMap<string, string> | undefined,
): EntryResult[] {
  const rel = (f: string): string =>
    path
      .relative(request.absWorkingDir, path.resolve(request.absWorkingDir, f.replace(/\?.*$/, "")))
      .replaceAll("\\", "/");
  const outRel = (out: string): string =>
    path.relative(request.absWorkingDir, path.join(request.outdir, out)).replaceAll("\\", "/");
  return entries.map((e) => {
    const js = `${outRel(e.out)}.mjs`;
    const out = meta.outputs[js];
    const inputs = [
      ...new Set(
        Object.keys(out?.inputs ?? {})
          .filter((f) => !f.startsWith(`${REQUIRE_NS}:`))
          .map(rel),
      ),
    ].sort();
    const imports = new Set<string>();
    for (const i of out?.imports ?? []) if (i.external) imports.add(i.path);
    for (const f of Object.keys(out?.inputs ?? {}))
      if (f.startsWith(`${REQUIRE_NS}:`)) imports.add(f.slice(REQUIRE_NS.length + 1));
    const outputs = [js, `${js}.map`].filter((f) => meta.outputs[f] !== undefined);
    const contents =
      written === undefined
        ? undefined
        : Object.fromEntries(outputs.map((o) => [o, written.get(path.resolve(request.absWorkingDir, o)) ?? ""]));
    return {
      id: e.id,
      errors: [],
      outputs,
      inputs,
      imports: [...imports].sort(),
      ...(contents === undefined ? {} : { contents }),
    };
  });
}

/** One esbuild build of these entries, each its own self-contained output. */
async function buildGroup(
  esbuild: Esbuild,
  request: BundleRequest,
  entries: readonly BundleEntry[],
): Promise<EntryResult[]> {
  const result = await esbuild.build({
    entryPoints: entries.map((e) => ({ in: VIRTUAL + e.id, out: e.out })),
    outdir: request.outdir,
    absWorkingDir: request.absWorkingDir,
    ...(request.tsconfig === undefined ? {} : { tsconfig: request.tsconfig }),
    bundle: true,
    // No shared chunks: a worker module is one file, so what its code is loaded from (its
    // location, see locations.cts) is known, and each one loads on its own.
    splitting: false,
    format: "esm",
    platform: "node",
    target: "node20",
    // Packages stay imports: the worker loads the same copy the rest of the app uses.
    packages: "external",
    // Stack frames point at the .ts sources, as the main thread's do (a bundle's only with its own source maps).
    sourcemap: request.mainThread.kind === "node" || request.mainThread.sourcemap ? "linked" : false,
    sourcesContent: false,
    // Names as on the main thread: tsc's output keeps them (and error classes keep their names
    // across threads); a bundle keeps them only with its own keepNames.
    keepNames: request.mainThread.kind === "node" || request.mainThread.keepNames,
    // Node runs every import and every call: package.json `sideEffects` and pure
    // annotations may not drop code from a worker that the main thread runs.
    ignoreAnnotations: request.mainThread.kind === "node",
    outExtension: { ".js": ".mjs" },
    ...(entries.some((e) => e.helpers) ? { banner: { js: BANNER } } : {}),
    logLevel: "silent",
    write: request.write !== false,
    metafile: true,
    plugins: [workerModules(request, entries)],
  });
  const written =
    result.outputFiles === undefined
      ? undefined
      : new Map(result.outputFiles.map((f) => [path.resolve(f.path), f.text]));
  return summaries(request, entries, result.metafile, written);
}

async function buildAlone(esbuild: Esbuild, request: BundleRequest, entry: BundleEntry): Promise<EntryResult> {
  try {
    return (await buildGroup(esbuild, request, [entry]))[0]!;
  } catch (e) {
    const failure = e as Partial<BuildFailure>;
    const errors =
      Array.isArray(failure.errors) && failure.errors.length > 0
        ? failure.errors.map((m) => message(request, entry, m))
        : [{ text: String(e), entry: entry.id }];
    return { id: entry.id, errors, outputs: [], inputs: [], imports: [] };
  }
}

/**
 * Entries that can share a build (same output folder, so their files' location edits are
 * the same; no import cycle back to their own file; no other file with markers, which
 * each entry slices its own way) are built together, each module parsed once; the others
 * alone. A shared build that fails is built again entry by entry, so that one function's
 * error costs only that function its worker module, and names it.
 */
export async function buildWorkerModules(esbuild: Esbuild, request: BundleRequest): Promise<BundleResult> {
  const groups = new Map<string, BundleEntry[]>();
  const single: BundleEntry[] = [];
  for (const e of request.entries) {
    if (!e.shareable) {
      single.push(e);
      continue;
    }
    const dir = path.dirname(e.out);
    const g = groups.get(dir);
    if (g === undefined) groups.set(dir, [e]);
    else g.push(e);
  }
  const results = await Promise.all([
    ...single.map(async (e) => [await buildAlone(esbuild, request, e)]),
    ...[...groups.values()].map(async (g) => {
      if (g.length === 1) return [await buildAlone(esbuild, request, g[0]!)];
      try {
        return await buildGroup(esbuild, request, g);
      } catch {
        return Promise.all(g.map((e) => buildAlone(esbuild, request, e)));
      }
    }),
  ]);
  return { errors: [], entries: results.flat() };
}
