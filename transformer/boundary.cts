/**
 * `this`, `arguments` and `super` are the caller's: a marked function that takes them
 * from outside cannot have them on a worker thread.
 */
import type * as ts from "typescript";
import type { Context } from "./context.cjs";
import { finding, type Finding } from "./diagnostics.cjs";
import { isNameOnly } from "./nodes.cjs";

/**
 * `this`, `arguments` and `super` that the marked function takes from outside: in an
 * arrow function all three come from the scope around it; in a function expression
 * `this` is the receiver of the call, which stays on the calling thread. Inside a
 * nested ordinary function or class they are that function's own, and fine.
 */
export function boundaryKeywords(
  ctx: Context,
  fn: ts.ArrowFunction | ts.FunctionExpression | ts.FunctionDeclaration | ts.MethodDeclaration,
  fnName: string,
  marker: string,
): Finding[] {
  const { ts } = ctx;
  // A marked static method's `this` and `super` are its class and the base class, which the
  // worker module carries: the method runs with them there too.
  if (ts.isMethodDeclaration(fn)) return [];
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
    else if (
      arrow &&
      ts.isIdentifier(node) &&
      node.text === "arguments" &&
      !isNameOnly(ts, node) &&
      ctx.checker.getSymbolAtLocation(node)?.declarations === undefined
    )
      report(node, "arguments");
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn, visit);
  return findings;
}
