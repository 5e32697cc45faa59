/**
 * Rewrites each marker call in the emitted JavaScript: `makeAsync(fn)` becomes
 * `makeAsync(fn, { v, name, module, base })`. The function stays where it was (it
 * runs inline in workers and in inline mode); the descriptor tells the runtime
 * where the function's worker module is. See docs/contract.md.
 */
import type * as ts from "typescript";
import type { Analysis, MarkedFunction } from "./analyze.cjs";
import type { Context } from "./context.cjs";
import { CONTRACT_VERSION } from "./contract.cjs";
import type { Format } from "./module-format.cjs";

function descriptor(ts: typeof import("typescript"), f: ts.NodeFactory, m: MarkedFunction, format: Format): ts.Expression {
  const base =
    format === "esm"
      ? f.createPropertyAccessExpression(f.createMetaProperty(ts.SyntaxKind.ImportKeyword, f.createIdentifier("meta")), "url")
      : f.createIdentifier("__filename");
  return f.createObjectLiteralExpression(
    [
      f.createPropertyAssignment("v", f.createNumericLiteral(CONTRACT_VERSION)),
      f.createPropertyAssignment("name", f.createStringLiteral(m.name)),
      f.createPropertyAssignment("module", f.createStringLiteral(m.module.fromStub)),
      f.createPropertyAssignment("base", base),
    ],
    false,
  );
}

export function rewrite(ctx: Context, tctx: ts.TransformationContext, sf: ts.SourceFile, analysis: Analysis, format: Format): ts.SourceFile {
  const { ts } = ctx;
  const f = tctx.factory;
  const visit = (node: ts.Node): ts.Node => {
    const visited = ts.visitEachChild(node, visit, tctx);
    const m = analysis.byCall.get(node);
    if (m === undefined || !ts.isCallExpression(visited)) return visited;
    return f.updateCallExpression(visited, visited.expression, visited.typeArguments, [...visited.arguments, descriptor(ts, f, m, format)]);
  };
  return ts.visitEachChild(sf, visit, tctx);
}
