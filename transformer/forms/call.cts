/** The wrapper call, `const f = makeAsync((x: number) => ...)`: the form in form.cts with kind "call". */
import type * as ts from "typescript";
import type { Context } from "../context.cjs";
import { finding } from "../diagnostics.cjs";
import { markerOf } from "../markers.cjs";
import { topStatement } from "../nodes.cjs";
import { declaredName, type Extraction } from "./form.cjs";

function describe(ts: typeof import("typescript"), node: ts.Node): string {
  if (ts.isIdentifier(node)) return `'${node.text}'`;
  if (ts.isCallExpression(node)) return "a call expression";
  return `an expression of kind ${ts.SyntaxKind[node.kind]}`;
}

/** `const name = marker(fn)` directly at module level: its statement can be kept whole. */
function isModuleLevelConst(ts: typeof import("typescript"), call: ts.CallExpression): boolean {
  const decl = call.parent;
  if (!ts.isVariableDeclaration(decl) || decl.initializer !== call || !ts.isIdentifier(decl.name)) return false;
  const list = decl.parent;
  if (!ts.isVariableDeclarationList(list) || (list.flags & ts.NodeFlags.Const) === 0) return false;
  return ts.isVariableStatement(list.parent) && ts.isSourceFile(list.parent.parent);
}

/**
 * At module level as `const f = marker(fn)`, the statement is kept whole in the worker
 * module, which exports `f`; anywhere else only the literal goes.
 */
export function extractCall(ctx: Context, node: ts.Node): Extraction {
  const { ts } = ctx;
  if (!ts.isCallExpression(node)) return undefined;
  const marker = markerOf(ctx, node);
  if (marker === undefined) return undefined;
  const call = node;
  const fn = call.arguments[0];
  const name = declaredName(ts, call);
  if (fn === undefined || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) {
    return {
      problem: finding("notAFunctionLiteral", fn ?? call, {
        marker,
        got: fn === undefined ? "no argument" : describe(ts, fn),
      }),
      // `marker(f)`: the descriptor can follow f. Anything else is refused by the runtime as it stands.
      refused:
        call.arguments.length === 1 && !ts.isSpreadElement(fn!)
          ? { form: { kind: "call", site: call }, marker, name }
          : undefined,
    };
  }
  const whole = isModuleLevelConst(ts, call);
  const callee = ts.isIdentifier(call.expression)
    ? call.expression
    : ts.isPropertyAccessExpression(call.expression) && ts.isIdentifier(call.expression.expression)
      ? call.expression.expression
      : undefined;
  const stub = (call.parent as ts.VariableDeclaration).name as ts.Identifier;
  return {
    form: { kind: "call", site: call, fn },
    marker,
    name,
    markedBy: marker,
    fn,
    roots: whole ? [topStatement(call)] : [],
    entry: whole ? { kind: "named", name, unwrap: undefined } : { kind: "literal", node: fn },
    key: name,
    stubName: ts.isVariableDeclaration(call.parent) ? call.parent.name : undefined,
    unwrap: whole && callee !== undefined ? { call, callee, stub } : undefined,
  };
}
