/**
 * `@makeAsync static async m() {}` in a class declared at module level: the form in
 * form.cts with kind "method". The worker module carries the class (its decorator, in
 * a worker, makes an inline stub) and exports `Class.method`, whose original function
 * the worker calls.
 */
import type * as ts from "typescript";
import type { Context } from "../context.cjs";
import { finding } from "../diagnostics.cjs";
import { markerOfExpression } from "../markers.cjs";
import { isAsync, type Extraction } from "./form.cjs";

export function extractMethod(ctx: Context, node: ts.Node): Extraction {
  const { ts } = ctx;
  if (!ts.isDecorator(node) || !ts.isMethodDeclaration(node.parent)) return undefined;
  const marker = markerOfExpression(ctx, node.expression);
  if (marker === undefined) return undefined;
  const decorator = node;
  const method = node.parent;
  const cls = method.parent;
  const isStatic = (ts.getModifiers(method) ?? []).some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
  const methodName = ts.isIdentifier(method.name) ? method.name.text : undefined;
  const what =
    !ts.isClassDeclaration(cls) || cls.name === undefined || !ts.isSourceFile(cls.parent)
      ? "a method of a class that is not declared at module level"
      : !isStatic
        ? "an instance method (an instance's 'this' cannot cross to a worker thread)"
        : methodName === undefined
          ? "a method with a computed or private name"
          : undefined;
  const className = ts.isClassLike(cls) ? cls.name?.text : undefined;
  const name = `${className ?? "anonymous class"}.${methodName ?? method.name.getText()}`;
  // The runtime's decorator makes a stub of a static method wherever its class is: the stub says why
  // it was refused. On an instance method it throws when the class is defined, descriptor or not.
  const refused = { form: { kind: "method", site: decorator }, marker, name } as const;
  if (what !== undefined) {
    return {
      problem: finding("decoratorPlacement", decorator, { marker, what }),
      refused: isStatic ? refused : undefined,
    };
  }
  if (!isAsync(ts, method)) {
    return {
      problem: finding("notAsync", method.name, {
        fn: name,
        marker,
        declare: `static async ${methodName}(...)`,
        wrapper: methodName!,
      }),
      refused,
    };
  }
  if (method.body === undefined) return undefined;
  return {
    form: { kind: "method", site: decorator, method },
    marker,
    name,
    markedBy: marker,
    fn: method,
    roots: [cls as ts.ClassDeclaration],
    entry: { kind: "named", name },
    key: name,
    stubName: method.name,
  };
}
