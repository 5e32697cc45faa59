/**
 * Function literals that loading a module stores in a value without running them: an
 * object literal's arrows and methods (`{ upper: (s) => ..., lower(s) { ... } }`), a member
 * assigned (`table.left = (s) => ...`, `globalThis.later = fn`), an object handed to a
 * function (`register("wrap", { run: (s) => ... })`). A reference to a name reaches a
 * variable's own function (`const f = () => ...`) and a member the checker resolves
 * (`api.area`); these it cannot: the caller picks them by a key (`table[name](s)`), or
 * through a type that names no member (`Record<string, Fn>`), or wherever the value went.
 * So the walk (carry-walk.cts) runs them once the value they are stored in is used in
 * such a way, or at once when it cannot name that value: else a worker would hold the
 * table and not the constants its functions read (a ReferenceError there).
 */
import type * as ts from "typescript";
import type { Context } from "./context.cjs";
import { GLOBAL_OBJECTS } from "./globals.cjs";
import { isModuleLevel, isUserFile, resolveAlias, rootOf } from "./nodes.cjs";

/** Stored somewhere this cannot name (an argument, the global object, a class field): it may run. */
export const ELSEWHERE = "elsewhere";

/**
 * Where the function literal `fn` is stored: the module-level variable that holds the value
 * it is part of, or ELSEWHERE; undefined when it is not stored in a value (a variable's own
 * initializer, a declaration, a class's method).
 */
export function storedIn(ctx: Context, fn: ts.Node): ts.Symbol | typeof ELSEWHERE | undefined {
  const ts = ctx.ts;
  let holder: ts.Node;
  if (ts.isMethodDeclaration(fn) || ts.isAccessor(fn)) {
    if (!ts.isObjectLiteralExpression(fn.parent)) return undefined;
    holder = fn.parent;
  } else if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) {
    const at = outermost(ts, fn);
    const p = at.parent;
    if (ts.isPropertyAssignment(p) && p.initializer === at) holder = p.parent;
    else if (isAssignedValue(ts, p, at)) return holderOf(ctx, (p as ts.BinaryExpression).left);
    else return undefined;
  } else return undefined;
  // `holder` is an object or array literal: what holds it, up to a variable or an assignment.
  for (;;) {
    const at = outermost(ts, holder);
    const p = at.parent;
    if (ts.isPropertyAssignment(p) && p.initializer === at) holder = p.parent;
    else if (ts.isArrayLiteralExpression(p) || ts.isSpreadElement(p) || ts.isSpreadAssignment(p)) holder = p.parent;
    else if (ts.isVariableDeclaration(p) && p.initializer === at)
      return ts.isIdentifier(p.name) && isModuleLevel(ts, p) ? variable(ctx, p.name) : ELSEWHERE;
    else if (isAssignedValue(ts, p, at)) return holderOf(ctx, (p as ts.BinaryExpression).left);
    else return ELSEWHERE;
  }
}

/**
 * Whether the carried code's read of `id` reaches only what the checker resolves: `id.name`
 * where `name` is declared in the user's code (`api.area`: walked as that member). Any other
 * use (`table[name]`, `table.upper` on a `Record`, the value handed on) may call any function
 * stored in it.
 */
export function resolvedMember(ctx: Context, id: ts.Identifier): boolean {
  const ts = ctx.ts;
  const p = id.parent;
  if (!ts.isPropertyAccessExpression(p) || p.expression !== id) return false;
  const s = ctx.checker.getSymbolAtLocation(p.name);
  if (s === undefined) return false;
  return (resolveAlias(ctx, s).declarations ?? []).some((d) => isUserFile(ctx, d.getSourceFile()));
}

/** `(x as T)`, `x!`: the outermost expression that is still `x`. */
function outermost(ts: typeof import("typescript"), e: ts.Node): ts.Node {
  for (let p = e.parent; p !== undefined; p = p.parent) {
    if (
      !ts.isParenthesizedExpression(p) &&
      !ts.isAsExpression(p) &&
      !ts.isNonNullExpression(p) &&
      !ts.isSatisfiesExpression(p) &&
      !ts.isTypeAssertionExpression(p)
    )
      break;
    e = p;
  }
  return e;
}

/** `target = value` (or `??=`, `||=`, `&&=`) with `value` on the right. */
function isAssignedValue(ts: typeof import("typescript"), p: ts.Node, value: ts.Node): boolean {
  if (!ts.isBinaryExpression(p) || p.right !== value) return false;
  const k = p.operatorToken.kind;
  return (
    k === ts.SyntaxKind.EqualsToken ||
    k === ts.SyntaxKind.QuestionQuestionEqualsToken ||
    k === ts.SyntaxKind.BarBarEqualsToken ||
    k === ts.SyntaxKind.AmpersandAmpersandEqualsToken
  );
}

/** The variable an assignment's target is rooted at (`table.left`, `table["right"]`, `handler`). */
function holderOf(ctx: Context, target: ts.Expression): ts.Symbol | typeof ELSEWHERE {
  const root = rootOf(ctx.ts, target);
  if (!ctx.ts.isIdentifier(root) || GLOBAL_OBJECTS.has(root.text)) return ELSEWHERE;
  return variable(ctx, root);
}

function variable(ctx: Context, id: ts.Identifier): ts.Symbol | typeof ELSEWHERE {
  const s = ctx.checker.getSymbolAtLocation(id);
  return s === undefined ? ELSEWHERE : resolveAlias(ctx, s);
}
