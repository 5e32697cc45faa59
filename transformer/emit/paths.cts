/**
 * Where things land: the worker module of a function goes into a `__tamed__` folder
 * next to the JavaScript that tsc emits for its source file, so the stub finds it
 * with a path relative to its own module.
 */
import * as path from "node:path";
import type * as ts from "typescript";
import type { Context } from "../context.cjs";

export const WORKER_DIR = "__tamed__";

/** The directory tsc writes everything under: `outDir`, or the common source directory. */
export function outRoot(ctx: Context): string {
  const { options, program } = ctx;
  if (options.outDir !== undefined) return path.resolve(ctx.cwd, options.outDir);
  return commonSourceDirectory(ctx, program);
}

function commonSourceDirectory(ctx: Context, program: ts.Program): string {
  // Program#getCommonSourceDirectory is internal API; it is what tsc itself uses to
  // mirror the source tree under outDir, so it is the one answer that always agrees.
  const internal = program as ts.Program & { getCommonSourceDirectory?: () => string };
  if (typeof internal.getCommonSourceDirectory === "function")
    return path.resolve(ctx.cwd, internal.getCommonSourceDirectory());
  if (ctx.options.rootDir !== undefined) return path.resolve(ctx.cwd, ctx.options.rootDir);
  return ctx.cwd;
}

/** The directory tsc emits a source file's JavaScript into. */
export function emitDir(ctx: Context, sf: Pick<ts.SourceFile, "fileName">): string {
  if (ctx.options.outDir === undefined) return path.dirname(sf.fileName);
  return path.join(outRoot(ctx), path.relative(commonSourceDirectory(ctx, ctx.program), path.dirname(sf.fileName)));
}

/** The worker module of function `name` in `sf`: its path relative to outRoot (no extension), and relative to the stub. */
export function workerModule(
  ctx: Context,
  sf: ts.SourceFile,
  name: string,
): { readonly out: string; readonly fromStub: string } {
  const base = path.basename(sf.fileName).replace(/\.[cm]?tsx?$|\.[cm]?jsx?$/, "");
  const file = `${base}.${name}`;
  const dir = path.relative(outRoot(ctx), emitDir(ctx, sf));
  return {
    out: path.join(dir, WORKER_DIR, file).replaceAll("\\", "/"),
    fromStub: `./${WORKER_DIR}/${file}.mjs`,
  };
}

/** The JavaScript file tsc emits for a source file: where the main thread runs its code from. */
export function emittedFile(ctx: Context, sf: Pick<ts.SourceFile, "fileName">): string {
  const base = path.basename(sf.fileName);
  const ext = /\.mts$/.test(base)
    ? ".mjs"
    : /\.cts$/.test(base)
      ? ".cjs"
      : /\.tsx$/.test(base) && ctx.options.jsx === ctx.ts.JsxEmit.Preserve
        ? ".jsx"
        : /\.[cm]?js$|\.jsx$|\.json$/.test(base)
          ? ""
          : ".js";
  const name = ext === "" ? base : base.replace(/\.[cm]?tsx?$/, "") + ext;
  return path.join(emitDir(ctx, sf), name);
}
