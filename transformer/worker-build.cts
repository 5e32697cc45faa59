/**
 * The esbuild build of the worker modules, shared by the tsc plugin (which runs it on
 * a worker thread and blocks, see bundle.cts) and the esbuild plugin (which awaits it).
 */
import * as path from "node:path";
import type { BuildFailure, Message, Plugin } from "esbuild";
import { SUFFIX, VIRTUAL, type BundleMessage, type BundleRequest, type BundleResult } from "./bundle-protocol.cjs";

/** Only `build` is used: the esbuild plugin passes `build.esbuild`, which has no `stop`. */
type Esbuild = Pick<typeof import("esbuild"), "build">;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function message(request: BundleRequest, m: Message): BundleMessage {
  const loc = m.location;
  if (loc === null) return { text: m.text };
  const q = loc.file.indexOf(SUFFIX);
  const file = path.resolve(request.absWorkingDir, q < 0 ? loc.file : loc.file.slice(0, q));
  const out = { text: m.text, file, line: loc.line, column: loc.column };
  return q < 0 ? out : { ...out, entry: loc.file.slice(q + SUFFIX.length) };
}

/** The worker modules are virtual: each is its source file, sliced, under the file's own path (so source maps name it). */
function virtualModules(request: BundleRequest): Plugin {
  return {
    name: "tamed-worker-modules",
    setup(build) {
      const byId = new Map(request.entries.map((e) => [e.id, e]));
      const views = new Map(request.views.map((v) => [v.file, v]));
      const files = [...views.keys()];
      build.onResolve({ filter: new RegExp(`^${escape(VIRTUAL)}`) }, (args) => {
        const e = byId.get(args.path.slice(VIRTUAL.length))!;
        return { path: e.file, suffix: SUFFIX + e.id, namespace: "file" };
      });
      build.onLoad({ filter: new RegExp(`^(?:${files.map(escape).join("|")})$`) }, (args) => {
        if (args.suffix.startsWith(SUFFIX)) {
          const e = byId.get(args.suffix.slice(SUFFIX.length))!;
          return { contents: e.contents, loader: e.loader, resolveDir: path.dirname(e.file) };
        }
        // The marked file imported normally by worker code: its exports, not its top-level actions.
        const v = views.get(args.path)!;
        return { contents: v.contents, loader: v.loader, resolveDir: path.dirname(v.file) };
      });
    },
  };
}

export async function buildWorkers(esbuild: Esbuild, request: BundleRequest): Promise<BundleResult> {
  try {
    const result = await esbuild.build({
      entryPoints: request.entries.map((e) => ({ in: VIRTUAL + e.id, out: e.out })),
      outdir: request.outdir,
      absWorkingDir: request.absWorkingDir,
      ...(request.tsconfig === undefined ? {} : { tsconfig: request.tsconfig }),
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "node",
      target: "node20",
      // Packages stay imports: the worker loads the same copy the rest of the app uses.
      packages: "external",
      sourcemap: "linked",
      sourcesContent: false,
      // Class and function names survive bundling: error classes keep their names across threads.
      keepNames: true,
      outExtension: { ".js": ".mjs" },
      chunkNames: "__tamed__/chunks/[name]-[hash]",
      logLevel: "silent",
      write: true,
      metafile: true,
      plugins: [virtualModules(request)],
    });
    return { errors: [], outputs: Object.keys(result.metafile.outputs) };
  } catch (e) {
    const failure = e as Partial<BuildFailure>;
    const errors = Array.isArray(failure.errors) && failure.errors.length > 0 ? failure.errors.map((m) => message(request, m)) : [{ text: String(e) }];
    return { errors, outputs: [] };
  }
}
