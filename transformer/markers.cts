/**
 * Finds marker calls by what they resolve to, not how they are spelled: the callee's
 * symbol, through aliases and re-exports, must be tamed's own `makeAsync` or `tamed`.
 * `import { makeAsync as ma }` and `import * as t from "tamed"` work, and a user's own
 * function called `makeAsync` is left alone.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type * as ts from "typescript";
import type { Context } from "./context.cjs";

export type MarkerKind = "makeAsync" | "tamed";

const MARKERS: ReadonlySet<string> = new Set(["makeAsync", "tamed"]);

/** Package name of the nearest package.json above a directory, cached. */
const packageNames = new Map<string, string | undefined>();

function packageNameOf(dir: string): string | undefined {
  if (packageNames.has(dir)) return packageNames.get(dir);
  let name: string | undefined;
  const file = path.join(dir, "package.json");
  if (fs.existsSync(file)) {
    try {
      const json = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: unknown };
      name = typeof json.name === "string" ? json.name : undefined;
    } catch {
      name = undefined;
    }
  } else {
    const parent = path.dirname(dir);
    name = parent === dir ? undefined : packageNameOf(parent);
  }
  packageNames.set(dir, name);
  return name;
}

const decisions = new WeakMap<ts.Symbol, MarkerKind | null>();

const imported = new WeakMap<ts.SourceFile, ReadonlySet<string>>();

/** The local names a file's import declarations bind. */
function importedNames(ts: typeof import("typescript"), sf: ts.SourceFile): ReadonlySet<string> {
  let names = imported.get(sf);
  if (names === undefined) {
    const found = new Set<string>();
    for (const s of sf.statements) {
      if (ts.isImportEqualsDeclaration(s)) found.add(s.name.text);
      if (!ts.isImportDeclaration(s) || s.importClause === undefined) continue;
      const c = s.importClause;
      if (c.name !== undefined) found.add(c.name.text);
      const nb = c.namedBindings;
      if (nb !== undefined && ts.isNamespaceImport(nb)) found.add(nb.name.text);
      else if (nb !== undefined) for (const e of nb.elements) found.add(e.name.text);
    }
    imported.set(sf, (names = found));
  }
  return names;
}

function markerOfSymbol(symbol: ts.Symbol): MarkerKind | null {
  const cached = decisions.get(symbol);
  if (cached !== undefined) return cached;
  const name = symbol.getName();
  const decl = symbol.declarations?.[0];
  const kind =
    MARKERS.has(name) && decl !== undefined && packageNameOf(path.dirname(decl.getSourceFile().fileName)) === "tamed"
      ? (name as MarkerKind)
      : null;
  decisions.set(symbol, kind);
  return kind;
}

/** The marker a call invokes, if its callee is one of tamed's markers. */
export function markerOf(ctx: Context, call: ts.CallExpression): MarkerKind | undefined {
  return markerOfExpression(ctx, call.expression);
}

/** The marker an expression names (`makeAsync`, `ma`, `t.makeAsync`): a callee or a decorator. */
export function markerOfExpression(ctx: Context, callee: ts.Expression): MarkerKind | undefined {
  const { ts } = ctx;
  const id = ts.isIdentifier(callee)
    ? callee
    : ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.name)
      ? callee.name
      : undefined;
  if (id === undefined) return undefined;
  // Resolving a symbol is the costly part: a marker is spelled makeAsync or tamed, or is an
  // import renamed (`import { makeAsync as ma }`); any other name cannot be one.
  if (!MARKERS.has(id.text) && !(id === callee && importedNames(ts, id.getSourceFile()).has(id.text))) return undefined;
  let symbol = ctx.checker.getSymbolAtLocation(id);
  if (symbol === undefined) return undefined;
  if (symbol.flags & ts.SymbolFlags.Alias) symbol = ctx.checker.getAliasedSymbol(symbol);
  return markerOfSymbol(symbol) ?? undefined;
}

/**
 * The marker named by a `/** @tamed *\/` or `/** @makeAsync *\/` comment on a function
 * declaration. Read from the comment text: tsc skips most JSDoc parsing since
 * TypeScript 5.3, so the parsed tags may not be there.
 */
export function jsdocMarkerOf(ctx: Context, decl: ts.FunctionDeclaration): MarkerKind | undefined {
  const sf = decl.getSourceFile();
  let kind: MarkerKind | undefined;
  for (const range of ctx.ts.getLeadingCommentRanges(sf.text, decl.pos) ?? []) {
    const text = sf.text.slice(range.pos, range.end);
    if (!text.startsWith("/**")) continue;
    // The tag opens the comment or one of its lines and stands alone there (it takes no
    // argument): "@tamed" inside prose, or "@makeAsync static ..." in an @example, is not one.
    const m = /(?:^\/\*\*|\n)[ \t]*\*?[ \t]*@(makeAsync|tamed)[ \t]*(?=\*\/|\r?\n)/.exec(text);
    kind = m === null ? undefined : (m[1] as MarkerKind); // the comment nearest the declaration decides
  }
  return kind;
}

/** Calls that take a function and run it as a task: a function literal passed to one is extracted like a marked one. */
export type Taker = "runAsync" | "submit" | "map" | "spawn";

const TAKER_METHODS: ReadonlyMap<string, string> = new Map([
  ["submit", "AsyncExecutor"],
  ["map", "AsyncExecutor"],
  ["spawn", "AsyncScope"],
]);

/** `runAsync(...)`, `executor.submit(...)`, `executor.map(...)`, `scope.spawn(...)`: tamed's own, by symbol. */
export function takerOf(ctx: Context, call: ts.CallExpression): Taker | undefined {
  const { ts } = ctx;
  const callee = call.expression;
  const id = ts.isIdentifier(callee)
    ? callee
    : ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.name)
      ? callee.name
      : undefined;
  if (id === undefined || (id.text !== "runAsync" && !TAKER_METHODS.has(id.text))) return undefined;
  let symbol = ctx.checker.getSymbolAtLocation(id);
  if (symbol === undefined) return undefined;
  if (symbol.flags & ts.SymbolFlags.Alias) symbol = ctx.checker.getAliasedSymbol(symbol);
  const decl = symbol.declarations?.[0];
  if (decl === undefined || packageNameOf(path.dirname(decl.getSourceFile().fileName)) !== "tamed") return undefined;
  const name = symbol.getName();
  if (name === "runAsync") return "runAsync";
  const owner = TAKER_METHODS.get(name);
  return owner !== undefined && ts.isClassDeclaration(decl.parent) && decl.parent.name?.text === owner
    ? (name as Taker)
    : undefined;
}
