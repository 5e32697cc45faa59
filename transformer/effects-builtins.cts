/**
 * What the language's built-ins change when they are called: the methods of collections,
 * arrays and buffers that change the object they are called on, `Object.x`/`Reflect.x`
 * that change their first argument, the global functions that change what they are given,
 * and (readsOnly) which of a built-in's methods change nothing at all. effects-writes.cts
 * asks these when it meets a call.
 */
import type * as ts from "typescript";
import type { Context } from "./context.cjs";
import type { Binding } from "./effects-set.cjs";
import { isUserFile, resolveAlias } from "./nodes.cjs";

/** Methods of Map, Set, arrays, typed arrays and DataView that change the object they are called on. */
export const MUTATORS: ReadonlySet<string> = new Set([
  "set",
  "add",
  "delete",
  "clear",
  "push",
  "pop",
  "shift",
  "unshift",
  "splice",
  "sort",
  "reverse",
  "fill",
  "copyWithin",
]);

/**
 * Other methods of the language's built-ins that change their object: an iterator's or a
 * generator's next/return/throw, a regular expression's exec/test/compile (`lastIndex`),
 * a buffer's resize/transfer/grow, a FinalizationRegistry's register/unregister. With
 * MUTATORS and `setX` (Date, DataView), the rest of the default library's methods change
 * nothing (readsOnly).
 */
const BUILTIN_MUTATORS: ReadonlySet<string> = new Set([
  "next",
  "return",
  "throw",
  "exec",
  "test",
  "compile",
  "resize",
  "transfer",
  "transferToFixedLength",
  "grow",
  "register",
  "unregister",
]);

/** `Object.x(target, ...)` and `Reflect.x(target, ...)` that change their first argument. */
export const OBJECT_MUTATORS: ReadonlySet<string> = new Set([
  "assign",
  "defineProperty",
  "defineProperties",
  "setPrototypeOf",
  "freeze",
  "seal",
  "preventExtensions",
  "set",
  "deleteProperty",
]);

/** A method name that surely changes its object: a collection's mutator, or a setter (`date.setFullYear`, `view.setUint16`). */
export function isMutator(name: string): boolean {
  return MUTATORS.has(name) || /^set[A-Z]/.test(name);
}

/** Global functions that change their first argument (`Atomics.store(TABLE, 0, 5)`), or (`any`) may change any argument. */
const GLOBAL_CHANGES: ReadonlyMap<string, "first" | "any"> = new Map([
  ...["store", "add", "sub", "and", "or", "xor", "exchange", "compareExchange"].map(
    (m) => [`Atomics.${m}`, "first"] as const,
  ),
  ["crypto.getRandomValues", "first"],
  ["Error.captureStackTrace", "first"],
  ["structuredClone", "any"], // its `transfer` option detaches the buffers it lists
  ["postMessage", "any"],
]);

/** What a call of the global function `callee` changes of its arguments: the first, any, or none. */
export function globalChanges(ts: typeof import("typescript"), callee: ts.Expression): "first" | "any" | undefined {
  const name = ts.isIdentifier(callee)
    ? callee.text
    : ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)
      ? `${callee.expression.text}.${callee.name.text}`
      : undefined;
  return name === undefined ? undefined : GLOBAL_CHANGES.get(name);
}

/**
 * The environment's functions and constructors that read an iterator they are given to its
 * end (`Array.from(IT)`, `new Set(IT)`). Others (`JSON.stringify`, `String`, `WeakRef`)
 * only look at it, or at an object of the user's that merely has a `next` method.
 */
const ITERATOR_READERS: ReadonlySet<string> = new Set([
  "Array.from",
  "Array.fromAsync",
  "Set",
  "Map",
  "WeakSet",
  "WeakMap",
  "Object.fromEntries",
  "Promise.all",
  "Promise.allSettled",
  "Promise.any",
  "Promise.race",
  "Iterator.from",
]);

/** A global function or constructor that reads an iterator argument through (ITERATOR_READERS). */
export function readsIterators(ts: typeof import("typescript"), callee: ts.Expression): boolean {
  const name = ts.isIdentifier(callee)
    ? callee.text
    : ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)
      ? `${callee.expression.text}.${callee.name.text}`
      : undefined;
  return name !== undefined && ITERATOR_READERS.has(name);
}

/**
 * `console`, as @types/node declares it (a global of a package's types, not of TypeScript's
 * library): its methods print what they are given and change none of it.
 */
export function isConsole(ts: typeof import("typescript"), root: ts.Expression, b: Binding): boolean {
  return b.kind === "other" && ts.isIdentifier(root) && root.text === "console";
}

/**
 * `method` is a built-in's that changes nothing (`map.get`, `list.includes`, `words.map`):
 * declared only in TypeScript's default library, and not a mutator. A call of it writes
 * nothing through its receiver, so top-level code that only reads a table a function
 * needs (a banner listing it, a server on a port read from it) is not run on workers.
 * A user's method of the same name (an LRU cache's `get` that reorders) is declared in
 * the user's code, and a receiver typed `any` has no declaration: both may still write.
 */
export function readsOnly(ctx: Context, method: ts.PropertyAccessExpression): boolean {
  const name = method.name.text;
  if (isMutator(name) || BUILTIN_MUTATORS.has(name) || userOverrides(ctx).has(name)) return false;
  return inLibrary(ctx, ctx.checker.getSymbolAtLocation(method.name)?.declarations ?? []);
}

/** Declared only in TypeScript's default library (none of it by the user or a package). */
export function inLibrary(ctx: Context, decls: readonly ts.Declaration[]): boolean {
  return decls.length > 0 && decls.every((d) => ctx.program.isSourceFileDefaultLibrary(d.getSourceFile()));
}

const overrides = new WeakMap<object, Set<string>>();

/**
 * Member names the user's code puts over a built-in's: those of a class that extends a
 * built-in or implements one's interface (directly or through another class of the
 * user's), and those assigned onto a prototype (`X.prototype.get = ...`,
 * `Object.defineProperty(X.prototype, "get", ...)`). A variable typed `Map` may hold such a
 * class (an LRU cache whose get() reorders): the static type does not say which code runs,
 * so a method by one of these names is never taken to change nothing. Once per program.
 */
export function userOverrides(ctx: Context): Set<string> {
  let names = overrides.get(ctx.program);
  if (names !== undefined) return names;
  names = new Set();
  overrides.set(ctx.program, names);
  const { ts } = ctx;
  const add = (n: ts.Node | undefined): void => {
    if (n !== undefined && (ts.isIdentifier(n) || ts.isStringLiteral(n))) names!.add(n.text);
  };
  const visit = (n: ts.Node): void => {
    if (ts.isClassLike(n) && overBuiltin(ctx, n, new Set())) for (const m of n.members) add(m.name);
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = n.left;
      if (ts.isPropertyAccessExpression(left) && isPrototype(ts, left.expression)) add(left.name);
    }
    if (ts.isCallExpression(n) && n.arguments.length >= 2 && isPrototype(ts, n.arguments[0]!)) add(n.arguments[1]);
    ts.forEachChild(n, visit);
  };
  for (const sf of userFiles(ctx, /\b(extends|implements)\b|\.prototype\b/)) visit(sf);
  return names;
}

function isPrototype(ts: typeof import("typescript"), e: ts.Expression): boolean {
  return ts.isPropertyAccessExpression(e) && e.name.text === "prototype";
}

/** The class extends or implements a built-in (a declaration in TypeScript's default library), itself or through classes of the user's. */
function overBuiltin(ctx: Context, cls: ts.ClassLikeDeclaration, seen: Set<ts.Node>): boolean {
  if (seen.has(cls)) return false;
  seen.add(cls);
  const { ts, checker, program } = ctx;
  for (const clause of cls.heritageClauses ?? [])
    for (const t of clause.types) {
      const local = checker.getSymbolAtLocation(t.expression);
      if (local === undefined) continue;
      for (const d of resolveAlias(ctx, local).declarations ?? []) {
        if (program.isSourceFileDefaultLibrary(d.getSourceFile())) return true;
        if (ts.isClassLike(d) && isUserFile(ctx, d.getSourceFile()) && overBuiltin(ctx, d, seen)) return true;
      }
    }
  return false;
}

/** The user's files whose text matches `re` (with TypeScript 7, only those ASTs are fetched). */
function userFiles(ctx: Context, re: RegExp): ts.SourceFile[] {
  const { program, userSources } = ctx;
  if (userSources !== undefined)
    return userSources.names
      .filter((f) => re.test(userSources.text(f)))
      .map((f) => program.getSourceFile(f))
      .filter((sf): sf is ts.SourceFile => sf !== undefined);
  return program.getSourceFiles().filter((sf) => isUserFile(ctx, sf) && re.test(sf.text));
}
