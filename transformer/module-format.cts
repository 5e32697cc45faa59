import type * as ts from "typescript";
import type { Context } from "./context.cjs";

export type Format = "esm" | "cjs";

/**
 * The module syntax tsc emits a file as: decides how a stub names its own location. Takes
 * the file's name and implied format only, so that `tamed build` asks it of files whose AST
 * it never fetches (TypeScript 7's answer comes from the file's metadata, by name).
 */
export function moduleFormat(
  ctx: Context,
  sf: Pick<ts.SourceFile, "fileName" | "impliedNodeFormat">,
): Format | { unsupported: string } {
  const { ts, options } = ctx;
  // Internal but exact (it is what tsc's own module transform asks); the fallback
  // below covers TypeScript versions without it.
  const internal = ctx.program as ts.Program & { getEmitModuleFormatOfFile?: (f: ts.SourceFile) => ts.ModuleKind };
  let kind = internal.getEmitModuleFormatOfFile?.(sf as ts.SourceFile);
  if (kind === undefined) {
    const m = options.module;
    const nodeLike = m !== undefined && m >= ts.ModuleKind.Node16 && m <= ts.ModuleKind.NodeNext;
    kind = nodeLike ? (sf.impliedNodeFormat ?? ts.ModuleKind.CommonJS) : (m ?? ts.ModuleKind.ESNext);
  }
  if (kind === ts.ModuleKind.CommonJS) return "cjs";
  if ((kind >= ts.ModuleKind.ES2015 && kind <= ts.ModuleKind.ESNext) || kind === ts.ModuleKind.Preserve) return "esm";
  return { unsupported: ts.ModuleKind[kind] ?? String(kind) };
}
