/**
 * `executor.submit(square, 3)` where `square` is a plain function: at run time it would
 * be refused (it is not marked, so it would run on the calling thread). Reported at
 * compile time when the checker can see that the argument is a function declared
 * without a mark. Values whose origin it cannot see (parameters, `let`s, results of
 * calls, declarations from .d.ts files, which may be compiled marked functions) are
 * left to the runtime's check.
 */
import type * as ts from "typescript";
import type { Context } from "./context.cjs";
import { finding, type Finding } from "./diagnostics.cjs";
import { jsdocMarkerOf, markerOfExpression, type Taker } from "./markers.cjs";

/** True when the declaration is a function of the user's that carries no mark; false when marked or unknown. */
function isUnmarkedFunction(ctx: Context, decl: ts.Declaration): boolean {
  const { ts } = ctx;
  if (decl.getSourceFile().isDeclarationFile) return false;
  if (ts.isFunctionDeclaration(decl)) return jsdocMarkerOf(ctx, decl) === undefined;
  if (ts.isMethodDeclaration(decl))
    return !(ts.getDecorators(decl) ?? []).some((d) => markerOfExpression(ctx, d.expression) !== undefined);
  if (
    ts.isVariableDeclaration(decl) &&
    decl.initializer !== undefined &&
    ts.isVariableDeclarationList(decl.parent) &&
    (decl.parent.flags & ts.NodeFlags.Const) !== 0
  ) {
    let init: ts.Expression = decl.initializer;
    while (ts.isParenthesizedExpression(init) || ts.isAsExpression(init) || ts.isSatisfiesExpression(init))
      init = init.expression;
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return true;
    if (ts.isCallExpression(init)) return false; // makeAsync(...), or a call whose result it cannot see
  }
  return false;
}

/** The finding for the function given to runAsync / submit / map / spawn, when it is known to be unmarked. */
export function unmarkedArgument(ctx: Context, call: ts.CallExpression, taker: Taker): Finding | undefined {
  const { ts, checker } = ctx;
  const arg = call.arguments[0];
  if (arg === undefined || !(ts.isIdentifier(arg) || ts.isPropertyAccessExpression(arg))) return undefined;
  let symbol = checker.getSymbolAtLocation(ts.isIdentifier(arg) ? arg : arg.name);
  if (symbol !== undefined && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  // Overload signatures say nothing: the implementation carries the mark.
  const decls = (symbol?.declarations ?? []).filter(
    (d) => !((ctx.ts.isFunctionDeclaration(d) || ctx.ts.isMethodDeclaration(d)) && d.body === undefined),
  );
  if (decls.length === 0 || !decls.every((d) => isUnmarkedFunction(ctx, d))) return undefined;
  const fn = arg.getText();
  const short = ts.isIdentifier(arg) ? arg.text : arg.name.text;
  return finding("unmarkedFunction", arg, { taker, fn, short });
}
