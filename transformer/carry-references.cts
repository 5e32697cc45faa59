/**
 * Where a name the carried code reads leads (carry-walk.cts meets the names; this follows
 * them): through every import and re-export on the way to its declaration, which is then
 * kept (in a sliced file), loaded (any other file of the user's) or run (a function, a
 * class's constructor). A local of an enclosing function that carried code captures is
 * reported here (TS77001), and in "run" mode a read of a module-level variable is recorded
 * for the check of later writes.
 */
import * as path from "node:path";
import type * as ts from "typescript";
import type { Mode, Walk } from "./carry-walk.cjs";
import { finding, where } from "./diagnostics.cjs";
import { packageOf } from "./effects-origins.cjs";
import { userGlobalKey } from "./globals.cjs";
import { keysUsed } from "./stored-functions.cjs";
import {
  functionOf,
  isAmbient,
  isAssigned,
  isModuleLevel,
  isUserFile,
  resolveAlias,
  symbolOf,
  topStatement,
} from "./nodes.cjs";

/** An identifier that names a value: what its symbol is declared as is carried. */
export function reference(walk: Walk, id: ts.Identifier, mode: Mode): void {
  const ctx = walk.carrier.ctx;
  const ts = ctx.ts;
  const symbol = symbolOf(ctx, id);
  if (
    symbol === undefined ||
    symbol.flags &
      (ts.SymbolFlags.Property |
        ts.SymbolFlags.Method |
        ts.SymbolFlags.Accessor |
        ts.SymbolFlags.EnumMember |
        ts.SymbolFlags.TypeParameter)
  )
    return;
  if (id.getSourceFile() === walk.file) walk.result.localRefs.add(symbol);
  let target = symbol;
  if (symbol.flags & ts.SymbolFlags.Alias) {
    const pkg = packageOf(ctx, symbol);
    if (pkg !== undefined) walk.result.packages.add(pkg);
    // Every import and re-export on the way must be kept where it is sliced away otherwise.
    for (let s: ts.Symbol | undefined = symbol; s !== undefined && s.flags & ts.SymbolFlags.Alias;) {
      const next = ctx.checker.getImmediateAliasedSymbol(s);
      for (const d of s.declarations ?? []) {
        alias(walk, d);
        throughStars(walk, d, next);
      }
      s = next;
    }
    target = resolveAlias(ctx, symbol);
  }
  walk.result.refs.add(target);
  walk.used(target, keysUsed(ctx, id));
  // `declare global { var NAME }`, read by its name
  const globalKey = userGlobalKey(ctx, target);
  if (globalKey !== undefined) walk.used("global", [globalKey]);
  if (!isAssigned(ts, id)) walk.globalRead(globalKey, id);
  for (const decl of target.declarations ?? []) declared(walk, decl, target, id, mode);
}

/** An import or re-export binding: kept (in a sliced file), and its module loaded. */
function alias(walk: Walk, d: ts.Declaration): void {
  const ts = walk.carrier.ctx.ts;
  const sf = d.getSourceFile();
  if (!isUserFile(walk.carrier.ctx, sf)) return;
  walk.result.usedBindings.add(d);
  const stmt = topStatement(d);
  if (walk.carrier.sliced.has(sf)) walk.keep(sf, stmt);
  else walk.load(sf);
  if (
    ts.isExportSpecifier(d) ||
    ts.isImportSpecifier(d) ||
    ts.isImportClause(d) ||
    ts.isNamespaceImport(d) ||
    ts.isImportEqualsDeclaration(d)
  ) {
    const target = walk.carrier.graph.targetOf(stmt);
    if (target !== undefined) walk.load(target);
  }
}

/**
 * An import (or re-export) `d` whose module gives the name through `export * from`: the
 * alias chain goes straight to the next declaration, past the `export *` statements,
 * which a sliced file would drop. Those that lead to the file declaring `next` are kept.
 */
function throughStars(walk: Walk, d: ts.Declaration, next: ts.Symbol | undefined): void {
  const { ctx, graph } = walk.carrier;
  const from = graph.targetOf(topStatement(d));
  const to = next?.declarations?.[0]?.getSourceFile();
  if (from === undefined || to === undefined || from === to || !isUserFile(ctx, from)) return;
  starsTo(walk, from, to, new Set());
}

/** Keeps the `export * from` statements of `m` (where it is sliced) that lead to `file`; true when one does. */
function starsTo(walk: Walk, m: ts.SourceFile, file: ts.SourceFile, seen: Set<ts.SourceFile>): boolean {
  if (m === file) return true;
  if (seen.has(m) || !isUserFile(walk.carrier.ctx, m)) return false;
  seen.add(m);
  const ts = walk.carrier.ctx.ts;
  let found = false;
  for (const stmt of m.statements) {
    if (!ts.isExportDeclaration(stmt) || stmt.exportClause !== undefined || stmt.isTypeOnly) continue;
    const target = walk.carrier.graph.targetOf(stmt);
    if (target === undefined || !starsTo(walk, target, file, seen)) continue;
    found = true;
    if (walk.carrier.sliced.has(m)) walk.keep(m, stmt);
  }
  return found;
}

/** `obj.name`: a method or function-valued property of the user's runs when called; `ns.x` is x. */
export function member(walk: Walk, name: ts.Identifier, mode: Mode): void {
  const ctx = walk.carrier.ctx;
  const ts = ctx.ts;
  const symbol = ctx.checker.getSymbolAtLocation(name);
  if (symbol === undefined) return;
  const target = resolveAlias(ctx, symbol);
  for (const d of target.declarations ?? []) {
    if (!isUserFile(ctx, d.getSourceFile()) || isAmbient(ts, d)) continue;
    const binding =
      ts.isVariableDeclaration(d) ||
      ts.isBindingElement(d) ||
      ts.isFunctionDeclaration(d) ||
      ts.isClassDeclaration(d) ||
      ts.isEnumDeclaration(d) ||
      ts.isModuleDeclaration(d);
    if (binding && isModuleLevel(ts, d)) {
      walk.result.refs.add(target);
      declared(walk, d, target, name, mode);
      continue;
    }
    const fn = functionOf(ts, d);
    if (fn !== undefined) walk.run(fn);
  }
}

function declared(walk: Walk, decl: ts.Declaration, symbol: ts.Symbol, id: ts.Identifier, mode: Mode): void {
  const ctx = walk.carrier.ctx;
  const ts = ctx.ts;
  const sf = decl.getSourceFile();
  if (!isUserFile(ctx, sf) || isAmbient(ts, decl)) return; // a global, or a package's: nothing to carry
  if (ts.isSourceFile(decl)) return walk.load(decl); // `import x = require("./m")` names the module
  if (!isModuleLevel(ts, decl)) {
    if (isInside(walk, decl)) return; // a local of code that is carried
    if (!walk.reported.has(symbol)) {
      walk.reported.add(symbol);
      const at = where(decl, ctx.cwd, path.relative);
      walk.result.findings.push(
        finding(
          "capturedLocal",
          id,
          { fn: walk.options.fnName, name: id.text, where: at, marker: walk.options.marker },
          [{ node: decl, message: `'${id.text}' is declared here.` }],
        ),
      );
    }
    return;
  }
  if (walk.carrier.sliced.has(sf)) walk.keep(sf, topStatement(decl));
  else walk.load(sf);
  const fn = functionOf(ts, decl);
  if (fn !== undefined) return walk.run(fn);
  if (ts.isClassLike(decl)) walk.instanceFields(decl);
  // A class is read as a variable is: what main-only code changes of it after load (a method put on
  // its prototype by the entry, a static field set) a worker would not see (later-writes.cts).
  const variable = ts.isVariableDeclaration(decl) || ts.isBindingElement(decl) || ts.isClassDeclaration(decl);
  if (mode === "run" && variable && !walk.result.reads.has(symbol)) walk.result.reads.set(symbol, id);
}

/** Inside code the worker carries: a function it runs, or a statement it keeps or loads. */
function isInside(walk: Walk, decl: ts.Node): boolean {
  const ts = walk.carrier.ctx.ts;
  for (let n: ts.Node | undefined = decl.parent; n !== undefined; n = n.parent) {
    if (walk.result.reached.has(n)) return true;
    if (n.parent !== undefined && ts.isSourceFile(n.parent)) {
      const sf = n.parent;
      return walk.result.whole.has(sf) || (walk.result.kept.get(sf)?.has(n as ts.Statement) ?? false);
    }
  }
  return false;
}
