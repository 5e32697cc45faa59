/**
 * `/** @tamed *\/ async function f() {}`: the form in form.cts with kind "declaration". At
 * module level the declaration is kept whole in the worker module (an anonymous
 * `export default` one is the default export as it stands); nested in a function, only
 * the declaration itself goes.
 */
import type * as ts from "typescript";
import type { Context } from "../context.cjs";
import { finding } from "../diagnostics.cjs";
import { jsdocMarkerOf } from "../markers.cjs";
import type { WorkerEntry } from "../emit/module-source.cjs";
import { isAsync, type Extraction } from "./form.cjs";

/** The declaration with a body among an overloaded function's declarations. */
function implementationOf(ctx: Context, signature: ts.FunctionDeclaration): ts.FunctionDeclaration | undefined {
  const symbol = signature.name === undefined ? undefined : ctx.checker.getSymbolAtLocation(signature.name);
  return symbol?.declarations?.find(
    (d): d is ts.FunctionDeclaration => ctx.ts.isFunctionDeclaration(d) && d.body !== undefined,
  );
}

export function extractDeclaration(ctx: Context, node: ts.Node): Extraction {
  const { ts } = ctx;
  if (!ts.isFunctionDeclaration(node)) return undefined;
  const marker = jsdocMarkerOf(ctx, node);
  if (marker === undefined) return undefined;
  // The comment may sit on an overload signature: the implementation is what runs.
  const decl = node.body !== undefined ? node : implementationOf(ctx, node);
  if (decl === undefined || (decl !== node && jsdocMarkerOf(ctx, decl) !== undefined)) return undefined; // no body anywhere, or the implementation is marked itself
  const name = decl.name?.text ?? "default";
  if (!isAsync(ts, decl)) {
    return {
      problem: finding("notAsync", decl.name ?? decl, {
        fn: name,
        marker,
        declare: `async function ${name}(...)`,
        wrapper: name,
      }),
    };
  }
  const atTop = ts.isSourceFile(decl.parent);
  const entry: WorkerEntry = !atTop
    ? { kind: "literal", node: decl }
    : decl.name === undefined
      ? { kind: "asIs", statement: decl }
      : { kind: "named", name };
  return {
    form: { kind: "declaration", site: decl },
    marker,
    name,
    markedBy: marker,
    fn: decl,
    roots: atTop ? [decl] : [],
    entry,
    key: name,
    stubName: decl.name,
  };
}
