/** esbuild's errors in building the worker modules, as diagnostics on the lines they name. */
import * as path from "node:path";
import type { Analysis, MarkedFunction } from "../analyze.cjs";
import type { Context } from "../context.cjs";
import { finding, type Finding, type Span } from "../diagnostics.cjs";
import type { BundleMessage, BundleResult } from "./build-protocol.cjs";

/** esbuild's line (1-based) and column (0-based) in a program file, as a span tsc can print. */
function spanOf(ctx: Context, m: BundleMessage): Span | undefined {
  if (m.file === undefined || m.line === undefined) return undefined;
  const file = ctx.program.getSourceFile(m.file);
  if (file === undefined) return undefined;
  const lines = file.getLineStarts();
  const line = Math.min(Math.max(m.line - 1, 0), lines.length - 1);
  const start = Math.min(lines[line]! + (m.column ?? 0), file.end);
  return { file, start, length: 0 };
}

/** esbuild's errors as findings on the lines they name. */
export function bundleFindings(ctx: Context, analysis: Analysis, result: BundleResult): Finding[] {
  const errors = [...result.errors, ...result.entries.flatMap((e) => e.errors)];
  return errors.map((e) => {
    const fn =
      e.entry === undefined ? "a marked function" : (analysis.functions[Number(e.entry)]?.name ?? "a marked function");
    const span = spanOf(ctx, e);
    const where =
      span === undefined && e.file !== undefined
        ? ` (${path.relative(ctx.cwd, e.file)}${e.line === undefined ? "" : `:${e.line}`})`
        : "";
    const at = span ?? (e.entry === undefined ? undefined : spanOfSite(analysis.functions[Number(e.entry)]));
    return finding("bundleFailed", at, { fn, message: e.text + where });
  });
}

function spanOfSite(m: MarkedFunction | undefined): Span | undefined {
  if (m === undefined) return undefined;
  const start = m.form.site.getStart();
  return { file: m.sourceFile, start, length: m.form.site.getEnd() - start };
}
