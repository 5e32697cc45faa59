/**
 * Which of the user's Error subclasses a marked function's worker may throw, so that the
 * caller's side rebuilds a thrown one as an instance of its class: those the stub's module
 * names itself (errorClassesOf), and those of the user's other files that it imports for
 * them (errorImportsOf). The descriptor's `errors` and the worker module's `__tamed_errors`
 * list them in the same order (docs/contract.md).
 */
import type * as ts from "typescript";
import type { Carry } from "./carry.cjs";
import type { Context } from "./context.cjs";
import { isUserFile, resolveAlias } from "./nodes.cjs";

export interface ErrorImport {
  /** The namespace the stub's module imports the class's module as (`import * as local`): CommonJS output keeps that name. */
  readonly local: string;
  /** The name its module exports it under. */
  readonly exported: string;
  readonly file: ts.SourceFile;
  readonly declaration: ts.ClassDeclaration;
}

/** True when the class is Error or extends it, through any number of bases. */
function extendsError(ctx: Context, type: ts.Type, depth = 0): boolean {
  if (depth > 10) return false;
  const symbol = type.getSymbol();
  if (
    symbol?.getName() === "Error" &&
    (symbol.declarations ?? []).some((d) => ctx.program.isSourceFileDefaultLibrary(d.getSourceFile()))
  )
    return true;
  const bases = type.isClassOrInterface() ? ctx.checker.getBaseTypes(type) : [];
  return bases.some((b) => extendsError(ctx, b, depth + 1));
}

/**
 * The names of Error subclasses the carried code of the function's file reads as
 * values: classes declared at module level, and classes imported by name. The stub's
 * module has each under that name (a value use keeps its import), so the caller's side
 * can rebuild a thrown one as an instance of the real class.
 */
export function errorClassesOf(ctx: Context, refs: ReadonlySet<ts.Symbol>): string[] {
  const { ts } = ctx;
  const names: string[] = [];
  for (const ref of refs) {
    const symbol = resolveAlias(ctx, ref);
    if (!(symbol.flags & ts.SymbolFlags.Class)) continue;
    if (
      ref.flags & ts.SymbolFlags.Alias &&
      !ref.declarations?.some((d) => ts.isImportSpecifier(d) || ts.isImportClause(d))
    )
      continue; // a namespace member needs its namespace
    if (
      !(ref.flags & ts.SymbolFlags.Alias) &&
      !ref.declarations?.some((d) => ts.isClassDeclaration(d) && ts.isSourceFile(d.parent))
    )
      continue; // a local class: not in scope at the stub
    if (extendsError(ctx, ctx.checker.getDeclaredTypeOfSymbol(symbol))) names.push(ref.getName());
  }
  return names;
}

/**
 * Error classes declared (and exported) in other files of the user's that the carried code
 * uses, for the stub's module to import: a ValidationError thrown by a helper module's
 * code then arrives as a ValidationError, as it would on the main thread.
 */
export function errorImportsOf(
  ctx: Context,
  carry: Carry,
  sf: ts.SourceFile,
  named: ReadonlySet<string>,
  locals: Map<ts.SourceFile, string>,
): ErrorImport[] {
  const { ts, checker } = ctx;
  const out: ErrorImport[] = [];
  for (const symbol of carry.refs) {
    if (!(symbol.flags & ts.SymbolFlags.Class)) continue;
    const decl = symbol.declarations?.find(
      (d): d is ts.ClassDeclaration => ts.isClassDeclaration(d) && ts.isSourceFile(d.parent),
    );
    const file = decl?.getSourceFile();
    if (file === undefined || file === sf || !isUserFile(ctx, file)) continue;
    if (named.has(symbol.getName()) || !extendsError(ctx, checker.getDeclaredTypeOfSymbol(symbol))) continue;
    const moduleSymbol = checker.getSymbolAtLocation(file);
    const exported =
      moduleSymbol === undefined
        ? undefined
        : checker.getExportsOfModule(moduleSymbol).find((e) => resolveAlias(ctx, e) === symbol);
    if (exported === undefined) continue; // not exported: nothing can import it (it arrives as an Error of its name)
    let local = locals.get(file);
    if (local === undefined) locals.set(file, (local = `__tamed_errors_${locals.size + 1}`));
    out.push({ local, exported: exported.getName(), file, declaration: decl! });
  }
  return out;
}
