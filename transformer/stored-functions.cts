/**
 * Function literals that loading a module stores in a value without running them: an
 * object literal's arrows and methods (`{ upper: (s) => ..., lower(s) { ... } }`), a member
 * assigned (`table.left = (s) => ...`, `globalThis.later = fn`), an object handed to a
 * function (`register("wrap", { run: (s) => ... })`). A reference to a name reaches a
 * variable's own function (`const f = () => ...`) and a member the checker resolves to a
 * function (`api.area`); these it cannot: the caller picks them by a key (`table[name](s)`),
 * through a type that declares the member without its function (`Record<string, Fn>`, an
 * interface), or wherever the value went. So the walk (carry-walk.cts) runs them once the
 * value they are stored in is used in a way that may reach them: by the key they are stored
 * under (`table.upper`, `table["upper"]`, `const { upper } = table`, a key typed
 * `"upper" | "lower"`), by any key, or handed on; a function set on a global of the user's
 * once the carried code reads that global; at once when it cannot name where it went (an
 * argument, a global of the environment's it replaces). Else a worker would hold the table
 * and not the constants its functions read (a ReferenceError there), or, running every hook
 * a config object holds, a main() or a server those hooks refer to.
 */
import type * as ts from "typescript";
import type { Context } from "./context.cjs";
import { GLOBAL_OBJECTS } from "./globals.cjs";
import { isModuleLevel, isUserFile, resolveAlias, rootOf, skipOuter } from "./nodes.cjs";

/** Where a function literal is stored: under `key` (undefined: unknown) of a module-level variable or a global, or elsewhere. */
type Place =
  | { readonly in: "elsewhere" }
  | { readonly in: "variable"; readonly symbol: ts.Symbol; readonly key: string | undefined }
  | { readonly in: "global"; readonly key: string | undefined };

const ELSEWHERE: Place = { in: "elsewhere" };

/** The functions stored so far that nothing used yet, and the uses so far, for one walk. */
export class StoredFunctions {
  /** Variables used by any key; a variable's keys used; the same for the user's globals. */
  readonly #all = new Set<ts.Symbol | "global">();
  readonly #keys = new Map<ts.Symbol | "global", Set<string>>();
  readonly #waiting = new Map<ts.Symbol | "global", { fn: ts.Node; key: string | undefined }[]>();

  constructor(
    private readonly ctx: Context,
    private readonly run: (fn: ts.Node) => void,
  ) {}

  /** A function literal a loading statement defines without running it. */
  store(fn: ts.Node): void {
    const place = storedIn(this.ctx, fn);
    if (place === undefined) return;
    if (place.in === "elsewhere") return this.run(fn);
    const holder = place.in === "global" ? "global" : place.symbol;
    const used = this.#keys.get(holder);
    if (this.#all.has(holder) || (place.key === undefined ? used !== undefined : used?.has(place.key)))
      return this.run(fn);
    let list = this.#waiting.get(holder);
    if (list === undefined) this.#waiting.set(holder, (list = []));
    list.push({ fn, key: place.key });
  }

  /** The carried code uses `holder` by the keys given (undefined: by any key, or handed on). */
  use(holder: ts.Symbol | "global", keys: readonly string[] | undefined): void {
    if (this.#all.has(holder)) return;
    if (keys === undefined) this.#all.add(holder);
    else {
      let set = this.#keys.get(holder);
      if (set === undefined) this.#keys.set(holder, (set = new Set()));
      for (const k of keys) set.add(k);
    }
    const list = this.#waiting.get(holder);
    if (list === undefined) return;
    const run = list.filter((s) => keys === undefined || s.key === undefined || keys.includes(s.key));
    this.#waiting.set(
      holder,
      list.filter((s) => !run.includes(s)),
    );
    for (const s of run) this.run(s.fn);
  }
}

/** Where the function literal `fn` is stored; undefined when not in a value (a variable's own initializer, a declaration, a class's method). */
function storedIn(ctx: Context, fn: ts.Node): Place | undefined {
  const ts = ctx.ts;
  let holder: ts.Node;
  let key: string | undefined;
  if (ts.isMethodDeclaration(fn) || ts.isAccessor(fn)) {
    if (!ts.isObjectLiteralExpression(fn.parent)) return undefined;
    holder = fn.parent;
    key = nameOf(ts, fn.name);
  } else if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) {
    const at = outermost(ts, fn);
    const p = at.parent;
    if (ts.isPropertyAssignment(p) && p.initializer === at) {
      holder = p.parent;
      key = nameOf(ts, p.name);
    } else if (isAssignedValue(ts, p, at)) return holderOf(ctx, (p as ts.BinaryExpression).left);
    else return undefined;
  } else return undefined;
  // `holder` is an object or array literal: what holds it, up to a variable or an assignment.
  for (;;) {
    const at = outermost(ts, holder);
    const p = at.parent;
    if (ts.isPropertyAssignment(p) && p.initializer === at) {
      holder = p.parent;
      key = nameOf(ts, p.name);
    } else if (ts.isArrayLiteralExpression(p) || ts.isSpreadElement(p) || ts.isSpreadAssignment(p)) {
      holder = p.parent;
      key = undefined;
    } else if (ts.isVariableDeclaration(p) && p.initializer === at)
      return ts.isIdentifier(p.name) && isModuleLevel(ts, p) ? variable(ctx, p.name, key) : ELSEWHERE;
    else if (isAssignedValue(ts, p, at)) {
      const place = holderOf(ctx, (p as ts.BinaryExpression).left);
      // `table.group = { fn }`: stored under `group`; `table = { fn }`: under the literal's key.
      return isRoot(ctx, p as ts.BinaryExpression) ? withKey(place, key) : place;
    } else return ELSEWHERE;
  }
}

/**
 * The keys of `id`'s value that the carried code's read of `id` may call a function under:
 * `id.name`, `id["name"]`, `id[k]` with `k` typed by literals, `const { a, b } = id`; none
 * for the target of a write (`id.name = ...`); undefined for any other use (any key).
 */
export function keysUsed(ctx: Context, id: ts.Identifier): string[] | undefined {
  const ts = ctx.ts;
  const e = outermost(ts, id);
  const p = e.parent;
  if ((ts.isPropertyAccessExpression(p) || ts.isElementAccessExpression(p)) && p.expression === e) {
    if (isWritten(ts, p)) return [];
    if (ts.isPropertyAccessExpression(p)) return [p.name.text];
    return literalKeys(ctx, p.argumentExpression);
  }
  let pattern: ts.Node | undefined;
  if (ts.isVariableDeclaration(p) && p.initializer === e) pattern = p.name;
  else if (ts.isBinaryExpression(p) && p.right === e && p.operatorToken.kind === ts.SyntaxKind.EqualsToken)
    pattern = skipOuter(ts, p.left);
  return pattern === undefined ? undefined : patternKeys(ts, pattern);
}

/** The name of the user's global that `target` (`globalThis.NAME`, `globalThis["NAME"]`) reads; undefined for a computed key. */
export function globalKeyUsed(ts: typeof import("typescript"), target: ts.Expression): string | undefined {
  if (ts.isPropertyAccessExpression(target)) return target.name.text;
  if (ts.isElementAccessExpression(target)) return keyOf(ts, target.argumentExpression);
  return undefined;
}

function patternKeys(ts: typeof import("typescript"), pattern: ts.Node): string[] | undefined {
  const keys: string[] = [];
  if (ts.isObjectBindingPattern(pattern)) {
    for (const el of pattern.elements) {
      const k = el.dotDotDotToken === undefined ? nameOf(ts, el.propertyName ?? el.name) : undefined;
      if (k === undefined) return undefined;
      keys.push(k);
    }
    return keys;
  }
  if (!ts.isObjectLiteralExpression(pattern)) return undefined;
  for (const el of pattern.properties) {
    const k = ts.isPropertyAssignment(el) || ts.isShorthandPropertyAssignment(el) ? nameOf(ts, el.name) : undefined;
    if (k === undefined) return undefined;
    keys.push(k);
  }
  return keys;
}

/** `"a"`, `1`, or a key typed by string or number literals (`k: "a" | "b"`, `keyof typeof T`). */
export function literalKeys(ctx: Context, key: ts.Expression): string[] | undefined {
  const { ts, checker } = ctx;
  const literal = keyOf(ts, key);
  if (literal !== undefined) return [literal];
  const t = checker.getTypeAtLocation(key);
  const parts = t.isUnion() ? t.types : [t];
  const keys: string[] = [];
  for (const part of parts) {
    // An enum's member prints as `Axis.X`, not as its value: any key.
    if (
      !(part.flags & (ts.TypeFlags.StringLiteral | ts.TypeFlags.NumberLiteral)) ||
      part.flags & ts.TypeFlags.EnumLiteral
    )
      return undefined;
    const text = checker.typeToString(part);
    if (part.flags & ts.TypeFlags.NumberLiteral) keys.push(String(Number(text)));
    else if (text.startsWith('"')) keys.push(JSON.parse(text) as string);
    else return undefined;
  }
  return keys;
}

function keyOf(ts: typeof import("typescript"), e: ts.Expression): string | undefined {
  const v = skipOuter(ts, e);
  return ts.isStringLiteralLike(v) || ts.isNumericLiteral(v) ? v.text : undefined;
}

function nameOf(ts: typeof import("typescript"), name: ts.Node): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name)) return keyOf(ts, name.expression);
  return undefined;
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

/** `x.name = ...` (the member only written). */
function isWritten(ts: typeof import("typescript"), member: ts.Node): boolean {
  const e = outermost(ts, member);
  return (
    ts.isBinaryExpression(e.parent) && e.parent.left === e && e.parent.operatorToken.kind === ts.SyntaxKind.EqualsToken
  );
}

/** Whether the assignment `p` writes a variable itself (`table = ...`), not a member of it. */
function isRoot(ctx: Context, p: ts.BinaryExpression): boolean {
  return ctx.ts.isIdentifier(skipOuter(ctx.ts, p.left));
}

function withKey(place: Place, key: string | undefined): Place {
  return place.in === "elsewhere" ? place : { ...place, key };
}

/**
 * The variable an assignment's target is rooted at (`table.left`, `table["right"]`, `handler`),
 * with the key under it (`left`); a global of the user's (`globalThis.hook`) by its name; a
 * global the environment declares (`globalThis.setImmediate`: anything may call it) is elsewhere.
 */
function holderOf(ctx: Context, target: ts.Expression): Place {
  const ts = ctx.ts;
  let first: ts.Expression | undefined;
  for (let e = skipOuter(ts, target); ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e);) {
    first = e;
    e = skipOuter(ts, e.expression);
  }
  const root = rootOf(ts, target);
  const key = first === undefined ? undefined : globalKeyUsed(ts, first);
  if (!ts.isIdentifier(root)) return ELSEWHERE;
  if (GLOBAL_OBJECTS.has(root.text)) {
    if (key === undefined || environmentDeclares(ctx, root, key)) return ELSEWHERE;
    return { in: "global", key };
  }
  return variable(ctx, root, key);
}

/** Whether the environment (the default library, a package's types) declares the global `key`. */
function environmentDeclares(ctx: Context, globalObject: ts.Identifier, key: string): boolean {
  const p = ctx.checker
    .getTypeAtLocation(globalObject)
    .getProperties()
    .find((s) => s.name === key);
  return (p?.declarations ?? []).some((d) => !isUserFile(ctx, d.getSourceFile()));
}

function variable(ctx: Context, id: ts.Identifier, key: string | undefined): Place {
  const s = ctx.checker.getSymbolAtLocation(id);
  return s === undefined ? ELSEWHERE : { in: "variable", symbol: resolveAlias(ctx, s), key };
}
