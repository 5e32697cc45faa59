/**
 * What the language's built-ins change when they are called: the methods of collections,
 * arrays and buffers that change the object they are called on, `Object.x`/`Reflect.x`
 * that change their first argument, and (readsOnly) which of a built-in's methods change
 * nothing at all. effects-writes.cts asks these when it meets a call.
 */
import type * as ts from "typescript";
import type { Context } from "./context.cjs";

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
  if (isMutator(name) || BUILTIN_MUTATORS.has(name)) return false;
  const decls = ctx.checker.getSymbolAtLocation(method.name)?.declarations ?? [];
  return decls.length > 0 && decls.every((d) => ctx.program.isSourceFileDefaultLibrary(d.getSourceFile()));
}
