/**
 * Slicing: which module-level statements a marked function needs in its worker.
 *
 * Every identifier the function reads is resolved with the type checker and sorted
 * by where its declaration lives: inside the function (a local: fine), in another
 * file (a global: stays a global), at module level (its statement is carried along,
 * and sliced in turn), or in an enclosing function or block (a captured local: an
 * error, since the worker cannot see it). Type positions are skipped: types do not
 * exist at run time, so a type-only use carries nothing.
 */
import * as path from "node:path";
import type * as ts from "typescript";
import type { Context } from "./context.cjs";
import { finding, where, type Finding } from "./diagnostics.cjs";

export interface Slice {
  /** Top-level statements the worker module keeps. */
  readonly keep: Set<ts.Statement>;
  readonly findings: Finding[];
  /** Module-level declarations and import bindings the sliced code reads as values. */
  readonly refs: Set<ts.Symbol>;
}

/** The statement at the top level of the file that contains `node`. */
export function topStatement(node: ts.Node): ts.Statement {
  let n = node;
  while (n.parent !== undefined && n.parent.parent !== undefined) n = n.parent;
  return n as ts.Statement;
}

/** True when nothing between the declaration and the file opens a scope of its own. */
function isModuleLevel(ts: typeof import("typescript"), decl: ts.Node): boolean {
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
function isAmbient(ts: typeof import("typescript"), decl: ts.Node): boolean {
  for (let n: ts.Node | undefined = decl; n !== undefined && !ts.isSourceFile(n); n = n.parent) {
    if (ts.canHaveModifiers(n) && ts.getModifiers(n)?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword)) return true;
    if (ts.isModuleDeclaration(n) && n.flags & ts.NodeFlags.GlobalAugmentation) return true;
  }
  return false;
}

function contains(outer: ts.Node, inner: ts.Node): boolean {
  return inner.pos >= outer.pos && inner.end <= outer.end && inner.getSourceFile() === outer.getSourceFile();
}

/** Identifiers that name a property or a label, not a binding. */
function isNameOnly(ts: typeof import("typescript"), id: ts.Identifier): boolean {
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

/**
 * `this`, `arguments` and `super` that the marked function takes from outside: in an
 * arrow function all three come from the scope around it; in a function expression
 * `this` is the receiver of the call, which stays on the calling thread. Inside a
 * nested ordinary function or class they are that function's own, and fine.
 */
export function boundaryKeywords(ctx: Context, fn: ts.ArrowFunction | ts.FunctionExpression | ts.FunctionDeclaration | ts.MethodDeclaration, fnName: string, marker: string): Finding[] {
  const { ts } = ctx;
  const arrow = ts.isArrowFunction(fn);
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const report = (node: ts.Node, keyword: string): void => {
    if (seen.has(keyword)) return;
    seen.add(keyword);
    findings.push(finding("boundaryKeyword", node, { fn: fnName, keyword, marker, arrow }));
  };
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && !ts.isArrowFunction(node)) return; // its own this/arguments/super
    if (ts.isDecorator(node)) return; // evaluated where the class is, not in the call
    if (ts.isClassLike(node)) return;
    if (node.kind === ts.SyntaxKind.ThisKeyword) report(node, "this");
    else if (node.kind === ts.SyntaxKind.SuperKeyword) report(node, "super");
    else if (arrow && ts.isIdentifier(node) && node.text === "arguments" && !isNameOnly(ts, node) && ctx.checker.getSymbolAtLocation(node)?.declarations === undefined) report(node, "arguments");
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn, visit);
  return findings;
}

/**
 * Slices `root`: the marked function literal, or the whole `const f = marker(...)`
 * statement when it is at module level. `fnName` and `marker` only feed the messages.
 */
export function slice(ctx: Context, root: ts.Node, fnName: string, marker: string): Slice {
  const { ts, checker } = ctx;
  const keep = new Set<ts.Statement>();
  const findings: Finding[] = [];
  const refs = new Set<ts.Symbol>();
  const reported = new Set<ts.Symbol>();
  const sf = root.getSourceFile();
  const memberFlags = ts.SymbolFlags.Property | ts.SymbolFlags.Method | ts.SymbolFlags.Accessor | ts.SymbolFlags.EnumMember | ts.SymbolFlags.TypeParameter;

  const at = (n: ts.Node): string => where(n, ctx.cwd, path.relative);

  function reference(id: ts.Identifier, scope: ts.Node): void {
    const p = id.parent;
    const symbol = ts.isShorthandPropertyAssignment(p) && p.name === id ? checker.getShorthandAssignmentValueSymbol(p) : checker.getSymbolAtLocation(id);
    if (symbol === undefined || symbol.flags & memberFlags) return;
    for (const decl of symbol.declarations ?? []) {
      if (decl.getSourceFile() !== sf || isAmbient(ts, decl)) continue; // a global
      if (contains(scope, decl)) continue; // declared inside what is being sliced
      if (!isModuleLevel(ts, decl)) {
        if (!reported.has(symbol)) {
          reported.add(symbol);
          findings.push(
            finding("capturedLocal", id, { fn: fnName, name: id.text, where: at(decl), marker }, [{ node: decl, message: `'${id.text}' is declared here.` }]),
          );
        }
        continue;
      }
      if (ts.isVariableDeclaration(decl) || ts.isBindingElement(decl)) {
        const list = ts.findAncestor(decl, ts.isVariableDeclarationList);
        if (list !== undefined && (list.flags & (ts.NodeFlags.Const | ts.NodeFlags.Using)) === 0 && !reported.has(symbol)) {
          reported.add(symbol);
          const kind = list.flags & ts.NodeFlags.Let ? "let" : "var";
          findings.push(finding("mutableModuleVariable", id, { fn: fnName, name: id.text, kind, where: at(decl) }, [{ node: decl, message: `'${id.text}' is declared here.` }]));
        }
      }
      refs.add(symbol);
      const stmt = topStatement(decl);
      if (!keep.has(stmt)) {
        keep.add(stmt);
        walk(stmt, stmt);
      }
    }
  }

  function walk(node: ts.Node, scope: ts.Node): void {
    if (ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return;
    if (ts.isHeritageClause(node)) {
      // `extends Base` names a value; `implements I` only a type.
      if (node.token === ts.SyntaxKind.ExtendsKeyword && ts.isClassLike(node.parent)) for (const t of node.types) walk(t.expression, scope);
      return;
    }
    // `parseAs<number>` (an instantiation expression) is a value with type arguments.
    if (ts.isExpressionWithTypeArguments(node)) return walk(node.expression, scope);
    if (ts.isTypeNode(node)) return;
    if (ts.isIdentifier(node)) {
      if (!isNameOnly(ts, node)) reference(node, scope);
      return;
    }
    ts.forEachChild(node, (child) => walk(child, scope));
  }

  walk(root, root);
  return { keep, findings, refs };
}
