/**
 * Small questions about syntax and symbols that the analysis asks everywhere: where a
 * declaration lives, what an expression is rooted at, which files are the user's.
 */
import type * as ts from "typescript";
import type { Context } from "./context.cjs";

/** The statement at the top level of the file that contains `node`. */
export function topStatement(node: ts.Node): ts.Statement {
  let n = node;
  while (n.parent !== undefined && n.parent.parent !== undefined) n = n.parent;
  return n as ts.Statement;
}

/** True when nothing between the declaration and the file opens a scope of its own. */
export function isModuleLevel(ts: typeof import("typescript"), decl: ts.Node): boolean {
  for (let n = decl.parent; n !== undefined; n = n.parent) {
    if (ts.isSourceFile(n)) return true;
    if (
      ts.isBlock(n) ||
      ts.isModuleBlock(n) ||
      ts.isCaseBlock(n) ||
      ts.isCatchClause(n) ||
      ts.isFunctionLike(n) ||
      ts.isClassLike(n) ||
      ts.isForStatement(n) ||
      ts.isForInStatement(n) ||
      ts.isForOfStatement(n)
    ) {
      return false;
    }
  }
  return false;
}

/** `declare const X`, or anything inside `declare global { ... }`: a global, nothing to carry. */
export function isAmbient(ts: typeof import("typescript"), decl: ts.Node): boolean {
  for (let n: ts.Node | undefined = decl; n !== undefined && !ts.isSourceFile(n); n = n.parent) {
    if (ts.canHaveModifiers(n) && ts.getModifiers(n)?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword)) return true;
    if (ts.isModuleDeclaration(n) && n.flags & ts.NodeFlags.GlobalAugmentation) return true;
  }
  return false;
}

export function contains(outer: ts.Node, inner: ts.Node): boolean {
  return inner.pos >= outer.pos && inner.end <= outer.end && inner.getSourceFile() === outer.getSourceFile();
}

/** Identifiers that name a property or a label, not a binding. */
export function isNameOnly(ts: typeof import("typescript"), id: ts.Identifier): boolean {
  const p = id.parent;
  return (
    (ts.isPropertyAccessExpression(p) && p.name === id) ||
    (ts.isQualifiedName(p) && p.right === id) ||
    (ts.isPropertyAssignment(p) && p.name === id) ||
    (ts.isBindingElement(p) && p.propertyName === id) ||
    (ts.isLabeledStatement(p) && p.label === id) ||
    ((ts.isBreakStatement(p) || ts.isContinueStatement(p)) && p.label === id) ||
    ts.isJsxAttribute(p) ||
    ts.isMetaProperty(p)
  );
}

/** The name a declaration gives (not a use of a binding): `x` in `const x`, `function x`, `(x) =>`. */
export function isDeclarationName(ts: typeof import("typescript"), id: ts.Identifier): boolean {
  const p = id.parent as ts.Node & { name?: ts.Node };
  if (p.name !== id) return false;
  return (
    ts.isVariableDeclaration(p) ||
    ts.isFunctionDeclaration(p) ||
    ts.isFunctionExpression(p) ||
    ts.isClassDeclaration(p) ||
    ts.isClassExpression(p) ||
    ts.isParameter(p) ||
    ts.isBindingElement(p) ||
    ts.isEnumDeclaration(p) ||
    ts.isEnumMember(p) ||
    ts.isModuleDeclaration(p) ||
    ts.isImportSpecifier(p) ||
    ts.isImportClause(p) ||
    ts.isNamespaceImport(p) ||
    ts.isImportEqualsDeclaration(p) ||
    ts.isMethodDeclaration(p) ||
    ts.isPropertyDeclaration(p) ||
    ts.isGetAccessorDeclaration(p) ||
    ts.isSetAccessorDeclaration(p)
  );
}

/** `(x as T)!`, `x satisfies T`, `(x)`: the expression inside. */
export function skipOuter(ts: typeof import("typescript"), e: ts.Expression): ts.Expression {
  for (;;) {
    if (
      ts.isParenthesizedExpression(e) ||
      ts.isAsExpression(e) ||
      ts.isNonNullExpression(e) ||
      ts.isSatisfiesExpression(e) ||
      ts.isTypeAssertionExpression(e)
    )
      e = e.expression;
    else return e;
  }
}

/** `e = ...`: the left side of a plain assignment, written and not read. */
export function isAssigned(ts: typeof import("typescript"), e: ts.Node): boolean {
  const p = e.parent;
  return ts.isBinaryExpression(p) && p.left === e && p.operatorToken.kind === ts.SyntaxKind.EqualsToken;
}

/** The name that says which function a call calls: `f` of `f()`, `o.f()` and `o["f"]()` (its symbol is the function's declaration). */
export function calleeName(
  ts: typeof import("typescript"),
  callee: ts.Expression,
): ts.Identifier | ts.StringLiteralLike | undefined {
  if (ts.isIdentifier(callee)) return callee;
  if (ts.isPropertyAccessExpression(callee)) return ts.isIdentifier(callee.name) ? callee.name : undefined;
  const key = ts.isElementAccessExpression(callee) ? callee.argumentExpression : undefined;
  return key !== undefined && ts.isStringLiteralLike(key) ? key : undefined;
}

/** The function a call through `.call`, `.apply` or a comma calls as plainly: `f` of `f.call(t, x)`, `f.apply(t, xs)`, `(0, f)(x)`. */
export function invokedThrough(ts: typeof import("typescript"), callee: ts.Expression): ts.Expression {
  if (ts.isBinaryExpression(callee) && callee.operatorToken.kind === ts.SyntaxKind.CommaToken)
    return invokedThrough(ts, skipOuter(ts, callee.right));
  if (ts.isPropertyAccessExpression(callee) && (callee.name.text === "call" || callee.name.text === "apply"))
    return skipOuter(ts, callee.expression);
  return callee;
}

/** What `a.b[c].d` is rooted at: `a` (an identifier, `this`, or something else). */
export function rootOf(ts: typeof import("typescript"), e: ts.Expression): ts.Expression {
  for (e = skipOuter(ts, e); ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e);)
    e = skipOuter(ts, e.expression);
  return e;
}

/** Files compiled from the user's sources: not lib files, not packages, not .d.ts. */
export function isUserFile(ctx: Context, sf: ts.SourceFile): boolean {
  const { program } = ctx;
  return (
    !sf.isDeclarationFile && !program.isSourceFileFromExternalLibrary(sf) && !program.isSourceFileDefaultLibrary(sf)
  );
}

/** The symbol an identifier names as a value (the variable, for `{ x }` shorthand). */
export function symbolOf(ctx: Context, id: ts.Identifier): ts.Symbol | undefined {
  const { ts, checker } = ctx;
  const p = id.parent;
  return ts.isShorthandPropertyAssignment(p) && p.name === id
    ? checker.getShorthandAssignmentValueSymbol(p)
    : checker.getSymbolAtLocation(id);
}

/** Through every import and re-export, to the declaration itself. */
export function resolveAlias(ctx: Context, symbol: ts.Symbol): ts.Symbol {
  return symbol.flags & ctx.ts.SymbolFlags.Alias ? ctx.checker.getAliasedSymbol(symbol) : symbol;
}

export type FunctionNode =
  | ts.FunctionDeclaration
  | ts.FunctionExpression
  | ts.ArrowFunction
  | ts.MethodDeclaration
  | ts.AccessorDeclaration
  | ts.ConstructorDeclaration;

/** The function a declaration gives a name to, if it gives one to a function: `function f`, `const f = () => ...`, `m() {}`, `m: () => ...`. */
export function functionOf(ts: typeof import("typescript"), decl: ts.Node): FunctionNode | undefined {
  if (
    ts.isFunctionDeclaration(decl) ||
    ts.isMethodDeclaration(decl) ||
    ts.isAccessor(decl) ||
    ts.isConstructorDeclaration(decl)
  )
    return decl.body === undefined ? undefined : decl;
  if (
    (ts.isVariableDeclaration(decl) || ts.isPropertyAssignment(decl) || ts.isPropertyDeclaration(decl)) &&
    decl.initializer !== undefined
  ) {
    const init = skipOuter(ts, decl.initializer);
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
  }
  return undefined;
}

/**
 * A function literal that only gets a name here and runs when called: the initializer
 * of a variable, property or class field, a method. Loading the module defines it; it
 * does not run it. Any other literal (an argument, an IIFE) is assumed to run.
 */
export function isDefinedNotRun(ts: typeof import("typescript"), fn: ts.Node): boolean {
  if (
    ts.isFunctionDeclaration(fn) ||
    ts.isMethodDeclaration(fn) ||
    ts.isAccessor(fn) ||
    ts.isConstructorDeclaration(fn)
  )
    return true;
  let p = fn.parent;
  while (p !== undefined && (ts.isParenthesizedExpression(p) || ts.isAsExpression(p) || ts.isSatisfiesExpression(p)))
    p = p.parent;
  if (p === undefined) return false;
  return (
    ts.isVariableDeclaration(p) ||
    ts.isPropertyAssignment(p) ||
    ts.isPropertyDeclaration(p) ||
    ts.isExportAssignment(p) ||
    ts.isBinaryExpression(p)
  );
}

/** The innermost function-like node around `node` (not `node` itself), if any. */
export function enclosingFunction(ts: typeof import("typescript"), node: ts.Node): ts.SignatureDeclaration | undefined {
  for (let n = node.parent; n !== undefined && !ts.isSourceFile(n); n = n.parent) {
    if (ts.isFunctionLike(n)) return n;
  }
  return undefined;
}

/** `line:column` of a node's start in its file, 1-based, for messages. */
export function lineOf(node: ts.Node): number {
  const sf = node.getSourceFile();
  return sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
}

/**
 * A call that is a statement by itself, made for its effect, not its value: awaited, voided,
 * parenthesised, or guarded (`WANT_UTC && dayjs.extend(utc)`, `cond ? a() : b()`).
 */
export function forEffect(ts: typeof import("typescript"), call: ts.CallExpression): boolean {
  let n: ts.Node = call;
  for (;;) {
    const p: ts.Node = n.parent;
    if (ts.isParenthesizedExpression(p) || ts.isAwaitExpression(p) || ts.isVoidExpression(p)) n = p;
    else if (ts.isConditionalExpression(p) && p.condition !== n) n = p;
    else if (
      ts.isBinaryExpression(p) &&
      p.right === n &&
      (p.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken ||
        p.operatorToken.kind === ts.SyntaxKind.BarBarToken ||
        p.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
        p.operatorToken.kind === ts.SyntaxKind.CommaToken)
    )
      n = p;
    else return ts.isExpressionStatement(p);
  }
}

/** The language's views of a buffer's memory: DataView and the typed arrays. */
export const BUFFER_VIEWS: readonly string[] = [
  "DataView",
  "Int8Array",
  "Uint8Array",
  "Uint8ClampedArray",
  "Int16Array",
  "Uint16Array",
  "Int32Array",
  "Uint32Array",
  "Float16Array",
  "Float32Array",
  "Float64Array",
  "BigInt64Array",
  "BigUint64Array",
];

/** The import declaration an import binding belongs to: a named specifier, a default clause or a namespace import. */
export function importOf(ts: typeof import("typescript"), d: ts.Node): ts.ImportDeclaration | undefined {
  const decl = ts.isImportSpecifier(d)
    ? d.parent.parent.parent
    : ts.isImportClause(d)
      ? d.parent
      : ts.isNamespaceImport(d)
        ? d.parent.parent
        : undefined;
  return decl !== undefined && ts.isImportDeclaration(decl) ? decl : undefined; // not a JSDoc @import
}

/** Whether a class member is `static`. */
export function isStatic(ts: typeof import("typescript"), m: ts.ClassElement): boolean {
  return ts.canHaveModifiers(m) && (ts.getModifiers(m) ?? []).some((x) => x.kind === ts.SyntaxKind.StaticKeyword);
}

/**
 * What loading a class evaluates: its decorators, its members' and their parameters', the
 * `extends` expression, computed member names, static field initialisers and static blocks.
 */
export function classLoadParts(ts: typeof import("typescript"), cls: ts.ClassLikeDeclaration): ts.Node[] {
  const out: ts.Node[] = [...(ts.getDecorators(cls) ?? [])];
  for (const h of cls.heritageClauses ?? [])
    if (h.token === ts.SyntaxKind.ExtendsKeyword) for (const t of h.types) out.push(t.expression);
  for (const m of cls.members) {
    if (m.name !== undefined && ts.isComputedPropertyName(m.name)) out.push(m.name.expression);
    if (ts.canHaveDecorators(m)) out.push(...(ts.getDecorators(m) ?? []));
    if (ts.isFunctionLike(m)) for (const p of m.parameters) out.push(...(ts.getDecorators(p) ?? []));
    if (ts.isClassStaticBlockDeclaration(m)) out.push(m.body);
    else if (ts.isPropertyDeclaration(m) && m.initializer !== undefined && isStatic(ts, m)) out.push(m.initializer);
  }
  return out;
}
