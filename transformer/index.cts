/**
 * tamed's compiler plugin, for ts-patch:
 *   "plugins": [{ "transform": "tamed/transformer" }]   (build with tspc)
 *
 * Once per program it finds every marked function, reports problems as tsc
 * diagnostics, and bundles each function's worker module with esbuild. Then, file by
 * file, it adds the worker module's location to each marker call. A file without
 * markers is returned untouched, so its JavaScript is byte-identical.
 */
import type * as ts from "typescript";
import { analyze, type Analysis } from "./analyze.cjs";
import { createContext, type Context } from "./context.cjs";
import { finding, toDiagnostic, type Finding } from "./diagnostics.cjs";
import { emitWorkerModules } from "./emit/index.cjs";
import { moduleFormat, type Format } from "./module-format.cjs";
import { rewrite } from "./emit/stub-ast.cjs";
import { requireClassic } from "./typescript-version.cjs";

/** What ts-patch passes as the third argument of a source transformer. */
export interface TransformerExtras {
  readonly ts: typeof ts;
  readonly addDiagnostic: (diagnostic: ts.Diagnostic) => number;
}

interface Prepared {
  readonly ctx: Context;
  readonly analysis: Analysis;
  readonly formats: ReadonlyMap<ts.SourceFile, Format>;
}

/** ts-patch calls the plugin once per emit; a program is analysed and bundled once. */
const prepared = new WeakMap<ts.Program, Prepared>();

function prepare(program: ts.Program, extras: TransformerExtras): Prepared {
  requireClassic(extras.ts.version, "the TypeScript tspc runs", "tamed/transformer (tspc)");
  const ctx: Context = { ...createContext(extras.ts, program), tscEmit: true };
  const analysis = analyze(ctx);
  const findings: Finding[] = [...analysis.findings];
  const formats = new Map<ts.SourceFile, Format>();
  for (const m of analysis.functions) {
    const f = moduleFormat(ctx, m.sourceFile);
    if (typeof f === "string") formats.set(m.sourceFile, f);
    else findings.push(finding("unsupportedModuleKind", m.form.site, { kind: f.unsupported }));
  }
  // The stubs of refused functions say why (their findings are reported already).
  for (const m of analysis.refused) {
    const f = moduleFormat(ctx, m.sourceFile);
    if (typeof f === "string") formats.set(m.sourceFile, f);
  }
  const emitsJs = ctx.options.noEmit !== true && ctx.options.emitDeclarationOnly !== true;
  if (emitsJs) findings.push(...emitWorkerModules(ctx, analysis));
  for (const f of findings) extras.addDiagnostic(toDiagnostic(ctx.ts, f));
  return { ctx, analysis, formats };
}

export default function tamedTransformer(
  program: ts.Program,
  _config: unknown,
  extras: TransformerExtras,
): ts.TransformerFactory<ts.SourceFile> {
  let p = prepared.get(program);
  if (p === undefined) {
    p = prepare(program, extras);
    prepared.set(program, p);
  }
  const { ctx, analysis, formats } = p;
  return (tctx) => (sf) => {
    const format = formats.get(sf);
    return format === undefined ? sf : rewrite(ctx, tctx, sf, analysis, format);
  };
}
