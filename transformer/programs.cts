/**
 * Which files run in one process with a file: an entry that loads it (directly or not) and
 * everything that entry loads. A statement of another file (a separate script, a unit test of
 * one module, a CLI of the same project) runs in another process, where the marked function's
 * answers are not asked for. Static imports only: a type-only import loads nothing.
 */
import type * as ts from "typescript";
import type { Context } from "./context.cjs";
import type { ModuleGraph } from "./module-graph.cjs";

export class Programs {
  readonly #programs = new Map<ts.SourceFile, Set<ts.SourceFile>>();
  readonly #entries = new Map<ts.SourceFile, readonly ts.SourceFile[]>();
  /** The files that import a file, by file: the import graph reversed, made at the first need. */
  #importers: Map<ts.SourceFile, ts.SourceFile[]> | undefined;

  constructor(
    readonly ctx: Context,
    readonly graph: ModuleGraph,
    /** The user's files, by name. */
    readonly files: Iterable<string>,
  ) {}

  /** The files an entry that loads `file` loads too: every file that imports it (directly or not), and all they import. */
  of(file: ts.SourceFile): ReadonlySet<ts.SourceFile> {
    let out = this.#programs.get(file);
    if (out !== undefined) return out;
    const loaders = this.loaders([file]);
    out = new Set(loaders);
    for (const stack = [...loaders]; stack.length > 0;)
      for (const t of this.#imported(stack.pop()!))
        if (!out.has(t)) {
          out.add(t);
          stack.push(t);
        }
    this.#programs.set(file, out);
    return out;
  }

  /** `files` and every file that loads one of them, directly or not. */
  loaders(files: Iterable<ts.SourceFile>): Set<ts.SourceFile> {
    const importers = this.#reversed();
    const out = new Set(files);
    for (const stack = [...out]; stack.length > 0;)
      for (const i of importers.get(stack.pop()!) ?? [])
        if (!out.has(i)) {
          out.add(i);
          stack.push(i);
        }
    return out;
  }

  /**
   * The entries of `file`'s program: its files that no file of it loads (the function's file
   * alone when every file of it is in a cycle).
   */
  entries(file: ts.SourceFile): readonly ts.SourceFile[] {
    const known = this.#entries.get(file);
    if (known !== undefined) return known;
    const program = this.of(file);
    const loaded = new Set<ts.SourceFile>();
    for (const sf of program) for (const t of this.#imported(sf)) loaded.add(t);
    const entries = [...program].filter((sf) => !loaded.has(sf));
    const out = entries.length > 0 ? entries : [file];
    this.#entries.set(file, out);
    return out;
  }

  /**
   * The user's files `sf` loads: what its imports, re-exports, `import x = require()`, `import()`
   * and a TypeScript file's `require()` calls name, not `import type`.
   */
  #imported(sf: ts.SourceFile): ts.SourceFile[] {
    const out: ts.SourceFile[] = [];
    for (const literal of this.graph.specifiers(sf)) {
      if (!loads(this.ctx, literal)) continue;
      const t = this.graph.targetOfSpecifier(literal);
      if (t !== undefined) out.push(t);
    }
    out.push(...this.graph.requiredFiles(sf));
    return out;
  }

  #reversed(): Map<ts.SourceFile, ts.SourceFile[]> {
    if (this.#importers !== undefined) return this.#importers;
    const importers = new Map<ts.SourceFile, ts.SourceFile[]>();
    for (const name of this.files) {
      const sf = this.ctx.program.getSourceFile(name);
      if (sf === undefined) continue;
      for (const t of this.#imported(sf)) {
        let list = importers.get(t);
        if (list === undefined) importers.set(t, (list = []));
        if (!list.includes(sf)) list.push(sf);
      }
    }
    return (this.#importers = importers);
  }
}

/**
 * Whether the import or export a module specifier belongs to loads its module at run time: not
 * one tsc removes (`import { Price } from "./price.js"` of an interface, as `import type` is).
 */
function loads(ctx: Context, literal: ts.Node): boolean {
  const { ts } = ctx;
  const d = ts.isExternalModuleReference(literal.parent) ? literal.parent.parent : literal.parent;
  if (ts.isImportDeclaration(d) || ts.isExportDeclaration(d) || ts.isImportEqualsDeclaration(d))
    return loadsAtRunTime(ctx, d);
  return !typeOnly(ts, literal);
}

/** `import type { A } from "..."`, `import { type A } from "..."`, `export type { A } from "..."`: nothing loads. */
export function typeOnly(ts: typeof import("typescript"), literal: ts.Node): boolean {
  const d = literal.parent;
  if (ts.isExportDeclaration(d)) return d.isTypeOnly;
  if (!ts.isImportDeclaration(d)) return false;
  const clause = d.importClause;
  if (clause === undefined) return false; // import "./x": loads it
  if (clause.isTypeOnly) return true;
  const nb = clause.namedBindings;
  return (
    clause.name === undefined &&
    nb !== undefined &&
    ts.isNamedImports(nb) &&
    nb.elements.length > 0 &&
    nb.elements.every((e) => e.isTypeOnly)
  );
}

const valueNamesOf = new WeakMap<ts.SourceFile, { readonly names: ReadonlySet<string>; readonly jsx: boolean }>();

/**
 * Whether tsc's output keeps an import or re-export statement, so that it loads its module at
 * run time: not when every binding it names is a type, a `const enum` (inlined), or used as a
 * type only, which tsc drops (unless `verbatimModuleSyntax` keeps it, or decorator metadata may
 * name a type as a value). Uses are read by name from the identifiers in the file's value
 * positions: a local of the same name counts as one (the import is taken to load).
 */
export function loadsAtRunTime(ctx: Context, s: ts.Statement): boolean {
  const { ts } = ctx;
  const keepsAll = ctx.options.verbatimModuleSyntax === true || ctx.options.emitDecoratorMetadata === true;
  if (ts.isExportDeclaration(s)) {
    if (s.isTypeOnly) return false;
    const clause = s.exportClause;
    // `export * from`, `export * as ns from`: kept.
    if (keepsAll || clause === undefined || !ts.isNamedExports(clause)) return true;
    return clause.elements.some((e) => !e.isTypeOnly && isValue(ctx, e.name));
  }
  let bindings: ts.Identifier[];
  if (ts.isImportEqualsDeclaration(s)) {
    if (s.isTypeOnly) return false;
    if ((ts.getModifiers(s) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return true;
    bindings = [s.name];
  } else if (ts.isImportDeclaration(s)) {
    const clause = s.importClause;
    if (clause === undefined) return true;
    if (clause.isTypeOnly) return false;
    bindings = clause.name === undefined ? [] : [clause.name];
    const nb = clause.namedBindings;
    if (nb !== undefined && ts.isNamespaceImport(nb)) bindings.push(nb.name);
    else if (nb !== undefined) for (const e of nb.elements) if (!e.isTypeOnly) bindings.push(e.name);
  } else return false;
  if (keepsAll) return true;
  const used = valueNames(ts, s.getSourceFile());
  return used.jsx || bindings.some((b) => used.names.has(b.text) && isValue(ctx, b));
}

/** Whether an imported or re-exported name is a value tsc's output reads at run time: not a type, not a `const enum`. */
function isValue(ctx: Context, name: ts.Node): boolean {
  const { ts } = ctx;
  const symbol = ctx.checker.getSymbolAtLocation(name);
  if (symbol === undefined) return true;
  const target = symbol.flags & ts.SymbolFlags.Alias ? ctx.checker.getAliasedSymbol(symbol) : symbol;
  if (target === undefined || target.flags & ts.SymbolFlags.Alias) return true; // unresolved: taken to load
  const inlined = target.flags & ts.SymbolFlags.ConstEnum && ctx.options.preserveConstEnums !== true;
  return (target.flags & ts.SymbolFlags.Value) !== 0 && !inlined;
}

/** The names of the identifiers in a file's value positions (not in types, interfaces, type aliases or imports), and whether it has JSX. */
function valueNames(tsi: typeof ts, sf: ts.SourceFile): { readonly names: ReadonlySet<string>; readonly jsx: boolean } {
  let known = valueNamesOf.get(sf);
  if (known !== undefined) return known;
  const names = new Set<string>();
  let jsx = false;
  const visit = (n: ts.Node): void => {
    if (tsi.isImportDeclaration(n) || tsi.isInterfaceDeclaration(n) || tsi.isTypeAliasDeclaration(n)) return;
    if (tsi.isImportEqualsDeclaration(n)) return void visit(n.moduleReference);
    // A class's `extends` expression is a value; every other type node is not.
    const heritage =
      tsi.isExpressionWithTypeArguments(n) &&
      tsi.isHeritageClause(n.parent) &&
      n.parent.token === tsi.SyntaxKind.ExtendsKeyword &&
      tsi.isClassLike(n.parent.parent);
    if (heritage) return void visit(n.expression);
    if (tsi.isTypeNode(n)) return;
    if (tsi.isJsxElement(n) || tsi.isJsxSelfClosingElement(n) || tsi.isJsxFragment(n)) jsx = true;
    if (tsi.isIdentifier(n)) names.add(n.text);
    tsi.forEachChild(n, visit);
  };
  visit(sf);
  valueNamesOf.set(sf, (known = { names, jsx }));
  return known;
}
