/**
 * What a write is a write of: the expression it goes through, rooted at a name, as a
 * module-level binding of the user's (a variable, a JSON module, a module's export reached
 * through a namespace import), the global environment, a parameter or `this` of the
 * function being analysed, or something else (a package's binding, a local). The first two
 * matter to a worker (effects.cts), the last two to the function's callers.
 */
import type * as ts from "typescript";
import type { Context } from "./context.cjs";
import type { Binding } from "./effects-set.cjs";
import { GLOBAL_OBJECTS, isGlobalObject, isUserGlobal } from "./globals.cjs";
import {
  isAmbient,
  isModuleLevel,
  isUserFile,
  resolveAlias,
  skipOuter,
  symbolOf,
  type FunctionNode,
} from "./nodes.cjs";

/** What `root` (the name a written expression is rooted at, see nodes.cts rootOf) is, seen from `fn` (undefined: a module's top level). */
export function bindingOf(ctx: Context, root: ts.Expression, fn: FunctionNode | undefined): Binding {
  const { ts, program } = ctx;
  if (root.kind === ts.SyntaxKind.ThisKeyword) return { kind: "this" };
  if (!ts.isIdentifier(root)) return { kind: "other" };
  const local = symbolOf(ctx, root); // `({ host, port } = ...)` writes the variables, not properties
  if (local === undefined) return GLOBAL_OBJECTS.has(root.text) ? { kind: "global" } : { kind: "other" };
  const symbol = resolveAlias(ctx, local);
  const decls = symbol.declarations ?? [];
  if (decls.length === 0) return GLOBAL_OBJECTS.has(root.text) ? { kind: "global" } : { kind: "other" };
  const d = decls[0]!;
  const sf = d.getSourceFile();
  if (ts.isSourceFile(d) && isUserFile(ctx, sf)) {
    // A JSON module's object (`import data from "./settings.json"`): the module is the binding.
    if (/\.json$/.test(sf.fileName)) return { kind: "module", symbol };
    // `import * as config from "./cfg"`: `config.defaults.sep = ...` writes cfg's `defaults`,
    // and so does `config["defaults"].sep = ...`.
    const member = memberOf(ts, root);
    if (member !== undefined) return bindingOf(ctx, member, fn);
    const key = keyOf(ts, root);
    const exported = key === undefined ? undefined : exportNamed(ctx, symbol, key);
    const e = exported?.declarations?.[0];
    return e !== undefined && isUserFile(ctx, e.getSourceFile()) && isModuleLevel(ts, e)
      ? { kind: "module", symbol: exported! }
      : { kind: "other" };
  }
  // `const root = Function("return this")()`, lodash's `freeGlobal`: another name for the global object.
  if (ts.isVariableDeclaration(d) && !sf.isDeclarationFile && isGlobalObject(ctx, root)) return { kind: "global" };
  // `const AP = Array.prototype`, as polyfills write: another name for a built-in.
  if (ts.isVariableDeclaration(d) && !sf.isDeclarationFile && namesBuiltin(ctx, d, 0))
    return { kind: "global", builtin: true };
  if (ts.isParameter(d) && fn !== undefined && d.parent === fn)
    return { kind: "param", index: fn.parameters.indexOf(d) };
  // `BigInt.prototype.toJSON = ...`: the language's own object (not `globalThis.x`, a global of the user's).
  if (program.isSourceFileDefaultLibrary(sf))
    return GLOBAL_OBJECTS.has(root.text) ? { kind: "global" } : { kind: "global", builtin: true };
  if (GLOBAL_OBJECTS.has(root.text) && sf.isDeclarationFile) return { kind: "global" };
  if (isUserGlobal(ctx, d)) return { kind: "global" }; // declared in a .d.ts of the user's too
  if (!isUserFile(ctx, sf)) return { kind: "other" }; // a package's binding: its module is not ours to follow
  if (isAmbient(ts, d)) return { kind: "global" }; // declare global { var x }
  if (isModuleLevel(ts, d)) return { kind: "module", symbol };
  return { kind: "other" };
}

/** The outermost of parentheses and casts around `e`: what its parent reads it as. */
function outermost(ts: typeof import("typescript"), e: ts.Node): ts.Node {
  let n = e;
  while (
    ts.isParenthesizedExpression(n.parent) ||
    ts.isAsExpression(n.parent) ||
    ts.isNonNullExpression(n.parent) ||
    ts.isSatisfiesExpression(n.parent)
  )
    n = n.parent;
  return n;
}

/** The name `ns.name` reads of what `ns` names, when `ns` is the object of a property access (through parentheses and casts). */
function memberOf(ts: typeof import("typescript"), ns: ts.Identifier): ts.Identifier | undefined {
  const n = outermost(ts, ns);
  const p = n.parent;
  return ts.isPropertyAccessExpression(p) && p.expression === n && ts.isIdentifier(p.name) ? p.name : undefined;
}

/** The key `ns["name"]` reads, when `ns` is the object of an element access by a literal. */
function keyOf(ts: typeof import("typescript"), ns: ts.Identifier): string | undefined {
  const n = outermost(ts, ns);
  const p = n.parent;
  return ts.isElementAccessExpression(p) && p.expression === n && ts.isStringLiteralLike(p.argumentExpression)
    ? p.argumentExpression.text
    : undefined;
}

/** The declaration's symbol of what a module exports as `name` (through re-exports). */
function exportNamed(ctx: Context, module: ts.Symbol, name: string): ts.Symbol | undefined {
  const e = ctx.checker.getExportsOfModule(module).find((x) => x.name === name);
  return e === undefined ? undefined : resolveAlias(ctx, e);
}

/**
 * Whether a `const` is another name for a built-in: initialized with a member path rooted at
 * one (`Array.prototype`, `BigInt["prototype"]`), or at such a `const` (a few names deep).
 */
function namesBuiltin(ctx: Context, d: ts.VariableDeclaration, depth: number): boolean {
  const { ts, program } = ctx;
  if (depth > 3 || d.initializer === undefined || !ts.isIdentifier(d.name)) return false;
  if (!ts.isVariableDeclarationList(d.parent) || (d.parent.flags & ts.NodeFlags.Const) === 0) return false;
  let e = skipOuter(ts, d.initializer);
  while (
    ts.isPropertyAccessExpression(e) ||
    (ts.isElementAccessExpression(e) && ts.isStringLiteralLike(e.argumentExpression))
  )
    e = skipOuter(ts, e.expression);
  if (!ts.isIdentifier(e) || GLOBAL_OBJECTS.has(e.text)) return false;
  const r = symbolOf(ctx, e);
  const decl = r === undefined ? undefined : resolveAlias(ctx, r).declarations?.[0];
  if (decl === undefined) return false;
  if (program.isSourceFileDefaultLibrary(decl.getSourceFile())) return true;
  return (
    ts.isVariableDeclaration(decl) && !decl.getSourceFile().isDeclarationFile && namesBuiltin(ctx, decl, depth + 1)
  );
}
