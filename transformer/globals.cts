/**
 * Which of the user's globals a piece of syntax names. Each thread has its own global
 * object, so a global a marked function reads is, on a worker, only what the code the
 * worker runs put there: a registry on `globalThis` that a plugin fills as it loads is
 * empty on a worker that never loads the plugin. The carry walk records the globals the
 * worker's code reads (carry-walk.cts), global-writes.cts finds who writes them.
 *
 * A global is named by a key: its name for `globalThis.NAME`, `globalThis["NAME"]` and a bare
 * `NAME` the user declares global (`declare global { var NAME }`, `declare var NAME` in a
 * script, a `var` at the top of a script); `[Symbol.for("k")]` for `globalThis[Symbol.for("k")]`.
 * The environment's own globals (those the default library or a package's types declare:
 * `fetch`, `console`) are not keys: changing them is patching the environment, which code
 * does through many more names than these.
 */
import type * as ts from "typescript";
import type { Context } from "./context.cjs";
import { isAmbient, isModuleLevel, skipOuter, symbolOf } from "./nodes.cjs";

/** Names that mean the global object itself. */
export const GLOBAL_OBJECTS: ReadonlySet<string> = new Set(["globalThis", "global", "window", "self"]);

/** `Object.x(target, key, ...)` and `Reflect.x(target, key, ...)` that write the property `key` of `target`. */
const KEYED_WRITERS: ReadonlySet<string> = new Set(["defineProperty", "set", "deleteProperty"]);
/** `Object.x(target, { a, b })` that write the properties the object literal names. */
const LITERAL_WRITERS: ReadonlySet<string> = new Set(["assign", "defineProperties"]);

/**
 * A declaration of a global the user's own sources make (a `.d.ts` of theirs too): inside
 * `declare global`, or `declare`d at the top of a file and not exported (at run time the name
 * is looked up on the global object: nothing declares it in the module).
 */
export function isUserGlobal(ctx: Context, d: ts.Node): boolean {
  const { ts, program } = ctx;
  const sf = d.getSourceFile();
  if (program.isSourceFileDefaultLibrary(sf) || program.isSourceFileFromExternalLibrary(sf)) return false;
  if (!ts.isVariableDeclaration(d) && !ts.isFunctionDeclaration(d)) return false;
  // `declare global { ... }`, by its name: TypeScript 7's API has no NodeFlags.GlobalAugmentation.
  for (let n: ts.Node | undefined = d; n !== undefined; n = n.parent)
    if (ts.isModuleDeclaration(n) && ts.isIdentifier(n.name) && n.name.text === "global") return true;
  const statement = ts.isVariableDeclaration(d) ? d.parent.parent : d;
  const exported = ts.getModifiers(statement as ts.HasModifiers)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  return isModuleLevel(ts, d) && isAmbient(ts, d) && exported !== true;
}

/** The key of a global a symbol is, when it is one of the user's globals. */
export function userGlobalKey(ctx: Context, symbol: ts.Symbol): string | undefined {
  return (symbol.declarations ?? []).some((d) => isUserGlobal(ctx, d)) ? symbol.getName() : undefined;
}

/**
 * An expression that names the global object: `globalThis`, `global`, `window` or `self` (not
 * a local of that name), or another name for it, since libraries find the global object in
 * ways that work everywhere: `Function("return this")()`, lodash's `freeGlobal` (`typeof
 * global == "object" && global && global.Object === Object && global`), `root = freeGlobal ||
 * freeSelf`, or a typed alias (`const g: typeof globalThis = globalThis`). A name counts when
 * its initializer may be the global object: a write through it may be a global's.
 */
export function isGlobalObject(ctx: Context, e: ts.Expression): boolean {
  return mayBeGlobalObject(ctx, e, 0);
}

/** How many names an alias of the global object is followed through (`root = freeGlobal || ...`). */
const MAX_ALIAS_DEPTH = 4;

function mayBeGlobalObject(ctx: Context, e: ts.Expression, depth: number): boolean {
  const { ts } = ctx;
  const v = skipOuter(ts, e);
  if (ts.isIdentifier(v)) {
    const decls = symbolOf(ctx, v)?.declarations ?? [];
    if (GLOBAL_OBJECTS.has(v.text) && decls.every((d) => d.getSourceFile().isDeclarationFile)) return true;
    const d = decls[0];
    if (depth >= MAX_ALIAS_DEPTH || d === undefined || !ts.isVariableDeclaration(d) || d.initializer === undefined)
      return false;
    if (d.getSourceFile().isDeclarationFile || !ts.isIdentifier(d.name)) return false;
    return mayBeGlobalObject(ctx, d.initializer, depth + 1);
  }
  if (ts.isBinaryExpression(v)) {
    const op = v.operatorToken.kind;
    // `a && b` is b whenever it is an object; `a || b` and `a ?? b` either one.
    if (op === ts.SyntaxKind.AmpersandAmpersandToken) return mayBeGlobalObject(ctx, v.right, depth);
    if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken)
      return mayBeGlobalObject(ctx, v.left, depth) || mayBeGlobalObject(ctx, v.right, depth);
    return false;
  }
  if (ts.isConditionalExpression(v))
    return mayBeGlobalObject(ctx, v.whenTrue, depth) || mayBeGlobalObject(ctx, v.whenFalse, depth);
  return isFunctionReturningThis(ts, v);
}

/** `Function("return this")()` and `new Function("return this")()`: sloppy-mode `this`, the global object. */
function isFunctionReturningThis(ts: typeof import("typescript"), e: ts.Expression): boolean {
  if (!ts.isCallExpression(e) || e.arguments.length > 0) return false;
  const made = skipOuter(ts, e.expression);
  if (!ts.isCallExpression(made) && !ts.isNewExpression(made)) return false;
  const fn = skipOuter(ts, made.expression);
  const body = made.arguments?.[0];
  return (
    ts.isIdentifier(fn) &&
    fn.text === "Function" &&
    made.arguments?.length === 1 &&
    body !== undefined &&
    ts.isStringLiteralLike(body) &&
    /^\s*return this;?\s*$/.test(body.text)
  );
}

/**
 * The key of the global `e` names, read or written as a whole: `globalThis.NAME`,
 * `globalThis["NAME"]`, `globalThis[Symbol.for("k")]`, or a bare user's global.
 */
export function globalKeyOf(ctx: Context, e: ts.Expression): string | undefined {
  const { ts, checker } = ctx;
  const v = skipOuter(ts, e);
  if (ts.isIdentifier(v)) {
    const s = symbolOf(ctx, v);
    return s === undefined ? undefined : userGlobalKey(ctx, s);
  }
  if (ts.isPropertyAccessExpression(v) && ts.isIdentifier(v.name) && isGlobalObject(ctx, v.expression))
    return environmentDeclares(ctx, checker.getSymbolAtLocation(v.name)) ? undefined : v.name.text;
  if (ts.isElementAccessExpression(v) && isGlobalObject(ctx, v.expression)) {
    const key = keyOf(ts, v.argumentExpression);
    if (key === undefined || key.startsWith("[")) return key;
    return environmentDeclares(ctx, checker.getSymbolAtLocation(v.argumentExpression)) ? undefined : key;
  }
  return undefined;
}

/**
 * The globals a write through `target` (what effects-writes.cts reports at `n`) changes: the
 * global its path starts from (`globalThis.REG.set(...)`, `(globalThis.REG ??= new Map()).set(...)`,
 * `REG.items.push(...)`), or, for the global object itself, the property a built-in writes
 * (`Object.defineProperty(globalThis, "REG", ...)`, `Reflect.set`, `Object.assign(globalThis, { REG })`).
 */
export function globalsWritten(ctx: Context, n: ts.Node, target: ts.Expression): string[] {
  const { ts } = ctx;
  for (let t = skipOuter(ts, target); ;) {
    const key = globalKeyOf(ctx, t);
    if (key !== undefined) return [key];
    if (
      ts.isBinaryExpression(t) &&
      t.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      t.operatorToken.kind <= ts.SyntaxKind.LastAssignment
    )
      t = skipOuter(ts, t.left);
    else if (ts.isPropertyAccessExpression(t) || ts.isElementAccessExpression(t)) t = skipOuter(ts, t.expression);
    else if (isGlobalObject(ctx, t)) return keysWrittenOf(ctx, n);
    else return [];
  }
}

/** The properties of the global object a call of `Object.x`/`Reflect.x` at `n` writes. */
function keysWrittenOf(ctx: Context, n: ts.Node): string[] {
  const { ts } = ctx;
  if (!ts.isCallExpression(n)) return [];
  const callee = skipOuter(ts, n.expression);
  if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.expression)) return [];
  const on = callee.expression.text;
  if (on !== "Object" && on !== "Reflect") return [];
  const method = callee.name.text;
  const [, second] = n.arguments;
  if (second === undefined) return [];
  if (KEYED_WRITERS.has(method)) {
    const key = keyOf(ts, second);
    return key === undefined ? [] : [key];
  }
  const literal = skipOuter(ts, second);
  if (!LITERAL_WRITERS.has(method) || !ts.isObjectLiteralExpression(literal)) return [];
  return literal.properties.flatMap((p) => {
    const name = p.name;
    if (name === undefined) return [];
    if (ts.isIdentifier(name) || ts.isStringLiteral(name)) return [name.text];
    return ts.isComputedPropertyName(name) ? (keyOf(ts, name.expression) ?? []) : [];
  });
}

/** A property key written in the source: `"NAME"`, or `Symbol.for("k")` as `[Symbol.for("k")]`. */
function keyOf(ts: typeof import("typescript"), e: ts.Expression): string | undefined {
  const v = skipOuter(ts, e);
  if (ts.isStringLiteralLike(v)) return v.text;
  if (
    ts.isCallExpression(v) &&
    ts.isPropertyAccessExpression(v.expression) &&
    ts.isIdentifier(v.expression.expression) &&
    v.expression.expression.text === "Symbol" &&
    v.expression.name.text === "for" &&
    v.arguments.length === 1 &&
    ts.isStringLiteralLike(v.arguments[0]!)
  )
    return `[Symbol.for(${JSON.stringify(v.arguments[0].text)})]`;
  return undefined;
}

/** Whether only the environment (the default library, a package's types) declares what a property of the global object is. */
function environmentDeclares(ctx: Context, symbol: ts.Symbol | undefined): boolean {
  const decls = symbol?.declarations ?? [];
  return decls.length > 0 && !decls.some((d) => isUserGlobal(ctx, d));
}
