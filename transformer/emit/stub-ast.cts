/**
 * Rewrites the emitted JavaScript of each marked function (docs/contract.md):
 *
 * - a marker call `makeAsync(fn)` becomes `makeAsync(fn, { v, name, module, base })`:
 *   the function stays where it was (it runs inline in workers and in inline mode), the
 *   descriptor tells the runtime where its worker module is;
 * - a declaration marked `/** @tamed *\/ async function f(a, b) {...}` becomes
 *     function f(...args) { return (__tamed_f ??= tamed(async function f(a, b) {...}, descriptor))(...args); }
 *     var __tamed_f;
 *   still a hoisted function declaration (so calls above it keep working), whose stub
 *   is made on its first call. The marker comes from an `import * as` of "tamed" added
 *   to the file, since a comment imports nothing;
 * - a decorator `@makeAsync` on a static method becomes `@makeAsync(descriptor)`, a
 *   decorator factory (with TC39 decorators and with experimentalDecorators alike);
 * - a function literal passed to runAsync / submit / map / spawn becomes
 *   `makeAsync(literal, descriptor)` (or `tamed(...)` for an async one), from the same
 *   added import;
 * - a function the analysis refused gets the same stub, with a descriptor that quotes its
 *   findings (`refused`) in place of a worker module, so a call says why (tsc emits despite errors).
 */
import * as path from "node:path";
import type * as ts from "typescript";
import type { Analysis, MarkedFunction, RefusedFunction } from "../analyze.cjs";
import { unreachable } from "../forms/index.cjs";
import { emittedFile } from "./paths.cjs";
import type { Context } from "../context.cjs";
import { descriptorFields } from "../contract.cjs";
import type { Format } from "../module-format.cjs";

/** A literal of the descriptor's value: a string, a number, or an array of strings. */
function literal(f: ts.NodeFactory, value: string | number | readonly string[]): ts.Expression {
  if (typeof value === "number") return f.createNumericLiteral(value);
  if (typeof value === "string") return f.createStringLiteral(value);
  return f.createArrayLiteralExpression(
    value.map((v) => f.createStringLiteral(v)),
    false,
  );
}

function descriptor(
  ts: typeof import("typescript"),
  f: ts.NodeFactory,
  m: MarkedFunction | RefusedFunction,
  format: Format,
): ts.Expression {
  const fields = descriptorFields(m).map(([key, value]) => f.createPropertyAssignment(key, literal(f, value)));
  // A refused function has no worker module: its descriptor says why instead (docs/contract.md).
  if ("refused" in m) return f.createObjectLiteralExpression(fields, false);
  const base =
    format === "esm"
      ? f.createPropertyAccessExpression(
          f.createMetaProperty(ts.SyntaxKind.ImportKeyword, f.createIdentifier("meta")),
          "url",
        )
      : f.createIdentifier("__filename");
  const props = [...fields, f.createPropertyAssignment("base", base)];
  if (m.errorClasses.length + m.errorImports.length > 0) {
    // A thunk: a class declared further down the file is not initialized yet when the marker runs.
    const names = m.errorClasses.map((n): ts.Expression => f.createIdentifier(n));
    const imported = m.errorImports.map((e) =>
      f.createPropertyAccessExpression(f.createIdentifier(e.local), e.exported),
    );
    const list = f.createArrayLiteralExpression([...names, ...imported]);
    props.push(
      f.createPropertyAssignment("errors", f.createArrowFunction(undefined, undefined, [], undefined, undefined, list)),
    );
  }
  return f.createObjectLiteralExpression(props, false);
}

function wrapDeclaration(
  ts: typeof import("typescript"),
  f: ts.NodeFactory,
  decl: ts.FunctionDeclaration,
  m: MarkedFunction | RefusedFunction,
  runtime: ts.Identifier,
  format: Format,
): ts.Statement[] {
  const holder = f.createUniqueName(`__tamed_${m.name}`);
  const args = f.createUniqueName("args");
  const withoutAsync = ts.getModifiers(decl)?.filter((x) => x.kind !== ts.SyntaxKind.AsyncKeyword);
  const original = f.createFunctionExpression(
    [f.createModifier(ts.SyntaxKind.AsyncKeyword)],
    decl.asteriskToken,
    decl.name,
    decl.typeParameters,
    decl.parameters,
    decl.type,
    decl.body!,
  );
  const stub = f.createCallExpression(f.createPropertyAccessExpression(runtime, m.marker), undefined, [
    original,
    descriptor(ts, f, m, format),
  ]);
  const call = f.createCallExpression(
    f.createParenthesizedExpression(f.createBinaryExpression(holder, ts.SyntaxKind.QuestionQuestionEqualsToken, stub)),
    undefined,
    [f.createSpreadElement(args)],
  );
  const wrapper = f.updateFunctionDeclaration(
    decl,
    withoutAsync,
    undefined,
    decl.name,
    undefined,
    [f.createParameterDeclaration(undefined, f.createToken(ts.SyntaxKind.DotDotDotToken), args)],
    undefined,
    f.createBlock([f.createReturnStatement(call)], true),
  );
  const holderDecl = f.createVariableStatement(
    undefined,
    f.createVariableDeclarationList([f.createVariableDeclaration(holder)], ts.NodeFlags.None),
  );
  return [wrapper, holderDecl];
}

export function rewrite(
  ctx: Context,
  tctx: ts.TransformationContext,
  sf: ts.SourceFile,
  analysis: Analysis,
  format: Format,
): ts.SourceFile {
  const { ts } = ctx;
  const f = tctx.factory;
  const runtime = f.createUniqueName("__tamed");
  let needsRuntime = 0;
  const visit = (node: ts.Node): ts.VisitResult<ts.Node> => {
    const visited = ts.visitEachChild(node, visit, tctx);
    const m = analysis.bySite.get(node);
    if (m === undefined) return visited;
    // visitEachChild keeps a node's kind: `visited` is the form's site, its children rewritten.
    const form = m.form;
    switch (form.kind) {
      case "call": {
        const call = visited as typeof form.site;
        return f.updateCallExpression(call, call.expression, call.typeArguments, [
          ...call.arguments,
          descriptor(ts, f, m, format),
        ]);
      }
      case "method": {
        const decorator = visited as typeof form.site;
        return f.updateDecorator(
          decorator,
          f.createCallExpression(decorator.expression, undefined, [descriptor(ts, f, m, format)]),
        );
      }
      case "declaration":
        needsRuntime++;
        return wrapDeclaration(ts, f, visited as typeof form.site, m, runtime, format);
      case "literal":
        needsRuntime++;
        return f.createCallExpression(f.createPropertyAccessExpression(runtime, m.marker), undefined, [
          visited as typeof form.site,
          descriptor(ts, f, m, format),
        ]);
      default:
        return unreachable(form);
    }
  };
  const out = ts.visitEachChild(sf, visit, tctx);
  const errorImports = errorImportDeclarations(ctx, f, sf, analysis);
  if (needsRuntime === 0 && errorImports.length === 0) return out;
  const statements = [...out.statements];
  // After the file's own imports, so that modules still load in the order they did.
  let last = -1;
  statements.forEach((st, i) => {
    if (ts.isImportDeclaration(st) || ts.isImportEqualsDeclaration(st)) last = i;
  });
  statements.splice(last + 1, 0, ...errorImports);
  if (needsRuntime > 0) {
    const importRuntime = f.createImportDeclaration(
      undefined,
      // undefined: no phase modifier (TypeScript 6) and not type-only (TypeScript 5's boolean)
      f.createImportClause(undefined as never, undefined, f.createNamespaceImport(runtime)),
      f.createStringLiteral("tamed"),
    );
    statements.unshift(importRuntime);
  }
  return f.updateSourceFile(out, statements);
}

/** `import * as __tamed_errors_1 from "./errors.js"`, for each module whose error classes the stubs name (see MarkedFunction.errorImports). */
function errorImportDeclarations(
  ctx: Context,
  f: ts.NodeFactory,
  sf: ts.SourceFile,
  analysis: Analysis,
): ts.Statement[] {
  const seen = new Set<string>();
  const out: ts.Statement[] = [];
  for (const m of analysis.functions) {
    if (m.sourceFile !== sf) continue;
    for (const e of m.errorImports) {
      if (seen.has(e.local)) continue;
      seen.add(e.local);
      const specifier = relativeSpecifier(path.dirname(emittedFile(ctx, sf)), emittedFile(ctx, e.file));
      out.push(
        f.createImportDeclaration(
          undefined,
          f.createImportClause(undefined as never, undefined, f.createNamespaceImport(f.createIdentifier(e.local))),
          f.createStringLiteral(specifier),
        ),
      );
    }
  }
  return out;
}

/** `./x.js`, `../lib/x.js`: a relative module specifier from a folder to a file. */
export function relativeSpecifier(fromDir: string, file: string): string {
  const rel = path.relative(fromDir, file).replaceAll("\\", "/");
  return rel.startsWith(".") ? rel : `./${rel}`;
}
