/**
 * Runs on a worker thread: esbuild's plugin API (needed for the virtual worker
 * modules) is async only, and the compiler thread calling us cannot await. It
 * blocks on `done` instead, and reads the result off the port (see bundle.cts).
 */
import * as path from "node:path";
import { workerData, type MessagePort } from "node:worker_threads";
import type { BuildFailure, Message, Plugin } from "esbuild";
import { SUFFIX, VIRTUAL, type BundleMessage, type BundleRequest, type BundleResult } from "./bundle-protocol.cjs";

const { request, port, done } = workerData as { request: BundleRequest; port: MessagePort; done: Int32Array };

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function message(m: Message): BundleMessage {
  const loc = m.location;
  if (loc === null) return { text: m.text };
  const q = loc.file.indexOf(SUFFIX);
  const file = path.resolve(request.absWorkingDir, q < 0 ? loc.file : loc.file.slice(0, q));
  const out = { text: m.text, file, line: loc.line, column: loc.column };
  return q < 0 ? out : { ...out, entry: loc.file.slice(q + SUFFIX.length) };
}

/** The worker modules are virtual: each is its source file, sliced, under the file's own path (so source maps name it). */
const virtualModules: Plugin = {
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

async function build(): Promise<BundleResult> {
  const esbuild = await import("esbuild");
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
      plugins: [virtualModules],
    });
    return { errors: [], outputs: Object.keys(result.metafile.outputs) };
  } catch (e) {
    const failure = e as Partial<BuildFailure>;
    const errors = Array.isArray(failure.errors) && failure.errors.length > 0 ? failure.errors.map(message) : [{ text: String(e) }];
    return { errors, outputs: [] };
  } finally {
    await esbuild.stop();
  }
}

function finish(result: BundleResult): void {
  port.postMessage(result);
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
}

build().then(finish, (e: unknown) => finish({ errors: [{ text: `esbuild failed to start: ${String(e)}` }], outputs: [] }));
