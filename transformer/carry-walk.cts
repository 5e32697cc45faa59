/**
 * The walk behind carry.cts: from the marked function, every identifier it reads is
 * followed to its declaration, and what that declaration needs is kept (a statement of a
 * sliced file), loaded (any other file of the user's) or reached (a function the worker
 * may run). It runs in two modes: "load" for code run as the module loads, "run" for code
 * the worker runs after (only that code's reads of module-level variables are recorded,
 * for the check of later writes). It owns the queue of code still to walk and what a
 * piece of code runs; where a name it reads leads is carry-references.cts, and what
 * settles the setup statements around it is carry-setup.cts.
 */
import type * as ts from "typescript";
import { member, reference } from "./carry-references.cjs";
import type { Carrier, Carry, CarryOptions } from "./carry.cjs";
import type { Context } from "./context.cjs";
import { metadataNames } from "./decorator-metadata.cjs";
import { addEnvRead, envReadsOfCall, isProcessEnv } from "./env-access.cjs";
import { GLOBAL_OBJECTS, globalKeyOf, isGlobalObject } from "./globals.cjs";
import { isJsxCall, jsxFactoryDeclaration } from "./jsx-factory.cjs";
import { StoredFunctions, keysUsed, literalKeys } from "./stored-functions.cjs";
import {
  classLoadParts,
  functionOf,
  isAssigned,
  isDeclarationName,
  isDefinedNotRun,
  isNameOnly,
  isStatic,
  isUserFile,
  resolveAlias,
  skipOuter,
} from "./nodes.cjs";

export type Mode = "load" | "run";

/** One carry in progress: the result it builds, and the code still to walk. */
export class Walk {
  readonly #instantiated = new Set<ts.Node>();
  /** What was reported (a captured local's symbol, a statement refused as setup): reported once. */
  readonly reported = new Set<ts.Symbol | ts.Node>();
  readonly #ts: typeof import("typescript");
  /**
   * Code still to walk. Keeping a statement, loading a module or reaching a function adds
   * to it, and the walk drains it in a loop: following imports and calls by recursion
   * would overflow the stack on a long chain of modules.
   */
  readonly #pending: { readonly node: ts.Node; readonly mode: Mode }[] = [];
  /** Function literals of sliced files stored in a value, until the carried code uses it so (stored-functions.cts). */
  readonly #stored: StoredFunctions;
  #skip: ts.Identifier | undefined;

  constructor(
    readonly carrier: Carrier,
    readonly file: ts.SourceFile,
    readonly options: CarryOptions,
    /** What the walk builds (empty at first: see emptyCarry). */
    readonly result: Carry,
  ) {
    this.#ts = carrier.ctx.ts;
    this.#stored = new StoredFunctions(carrier.ctx, (fn) => this.run(fn));
    this.#skip = options.skip;
    this.result.kept.set(file, new Set());
  }

  /** Follows the identifier carry() was told to skip (the marker's callee), after all. */
  unskip(): void {
    const skip = this.#skip;
    this.#skip = undefined;
    if (skip !== undefined) this.#pending.push({ node: skip, mode: "load" });
  }

  /** Walks what is pending until nothing is. */
  drain(): void {
    for (let item = this.#pending.pop(); item !== undefined; item = this.#pending.pop())
      this.#walk(item.node, item.mode);
  }

  get #ctx(): Context {
    return this.carrier.ctx;
  }

  keep(sf: ts.SourceFile, stmt: ts.Statement): void {
    let set = this.result.kept.get(sf);
    if (set === undefined) this.result.kept.set(sf, (set = new Set()));
    if (set.has(stmt)) return;
    set.add(stmt);
    this.#pending.push({ node: stmt, mode: "load" });
  }

  /** A module the carried code imports: sliced files contribute what is used of them, others load whole. */
  load(sf: ts.SourceFile): void {
    if (this.carrier.sliced.has(sf)) {
      if (!this.result.kept.has(sf)) this.result.kept.set(sf, new Set());
      return;
    }
    if (this.result.whole.has(sf)) return;
    this.result.whole.add(sf);
    if (!/\.json$/.test(sf.fileName)) for (const s of sf.statements) this.#pending.push({ node: s, mode: "load" });
  }

  /** A function the worker may call: its parameters' defaults and its body run then. */
  run(fn: ts.Node): void {
    if (this.result.reached.has(fn)) return;
    this.result.reached.add(fn);
    const ts = this.#ts;
    if (ts.isFunctionLike(fn)) {
      for (const p of fn.parameters)
        if (p.initializer !== undefined) this.#pending.push({ node: p.initializer, mode: "run" });
      if ("body" in fn && fn.body !== undefined) this.#pending.push({ node: fn.body, mode: "run" });
      if (ts.isConstructorDeclaration(fn)) this.instanceFields(fn.parent);
    } else {
      this.#pending.push({ node: fn, mode: "run" });
    }
  }

  /** Walks one piece of code now; what it keeps, loads or reaches is queued (see #pending). */
  #walk(node: ts.Node, mode: Mode): void {
    const ts = this.#ts;
    const go = (n: ts.Node): void => {
      // `parseAs<number>` (an instantiation expression) is a value with type arguments.
      if (ts.isExpressionWithTypeArguments(n)) return go(n.expression);
      if (ts.isTypeNode(n) || ts.isInterfaceDeclaration(n) || ts.isTypeAliasDeclaration(n)) return;
      if (ts.isHeritageClause(n)) {
        // `extends Base` names a value; `implements I` only a type.
        if (n.token === ts.SyntaxKind.ExtendsKeyword) for (const t of n.types) go(t.expression);
        return;
      }
      // `globalThis.NAME`, `globalThis["NAME"]`: a global the worker's code reads (not only assigns).
      if (ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) {
        const on = skipOuter(ts, n.expression);
        if (ts.isIdentifier(on) && GLOBAL_OBJECTS.has(on.text) && !isAssigned(ts, n))
          this.globalRead(globalKeyOf(this.#ctx, n), n);
        // `commands[name](s)`: whichever of its type's methods the key picks may run.
        if (ts.isElementAccessExpression(n)) this.#anyMember(n);
        if (mode === "load" && isProcessEnv(this.#ctx, n)) this.#envRead(n);
      }
      if (ts.isIdentifier(n)) {
        if (n === this.#skip) return;
        if (mode === "load" && isProcessEnv(this.#ctx, n)) this.#envRead(n);
        // `globalThis.hook`, `globalThis[k]`, the global object handed on: a function stored there may run.
        if (GLOBAL_OBJECTS.has(n.text) && isGlobalObject(this.#ctx, n)) this.used("global", keysUsed(this.#ctx, n));
        if (ts.isPropertyAccessExpression(n.parent) && n.parent.name === n) member(this, n, mode);
        else if (!isNameOnly(ts, n) && !isDeclarationName(ts, n)) reference(this, n, mode);
        return;
      }
      if (ts.isFunctionLike(n)) {
        // Named functions run when something calls them (a reference reaches them); any
        // other literal (a callback, an IIFE, a marked function) may run on the worker.
        if (mode === "run" || !isDefinedNotRun(ts, n)) this.run(n);
        else {
          this.#names(n);
          this.#store(n);
        }
        return;
      }
      if (mode === "load" && ts.isClassLike(n)) return this.#classAtLoad(n);
      // A class declared in code that runs later (a function's body) has its records read then.
      if (ts.isClassLike(n)) for (const name of metadataNames(this.#ctx, n)) reference(this, name, mode);
      if (ts.isImportDeclaration(n) || ts.isExportDeclaration(n) || ts.isImportEqualsDeclaration(n)) {
        const target = this.carrier.graph.targetOf(n);
        if (target !== undefined) this.load(target);
        // A file loaded whole keeps its imports as written (helper.ts's `import { PREFIX } from
        // "./fn.js"` in a cycle): what they name of a sliced file must be there, or it does not link.
        if (target !== undefined && this.carrier.sliced.has(target) && !this.carrier.sliced.has(n.getSourceFile()))
          for (const name of importedValues(this.#ctx, n)) reference(this, name, mode);
        if (ts.isImportEqualsDeclaration(n) && !ts.isExternalModuleReference(n.moduleReference))
          go(n.moduleReference as ts.Node);
        return;
      }
      // `const config = readConfig()`: what the function called at load reads of process.env, it reads now.
      if (mode === "load" && (ts.isCallExpression(n) || ts.isNewExpression(n)))
        for (const r of envReadsOfCall(this.#ctx, this.carrier.effects, n))
          addEnvRead(this.#ctx, this.result.envReads, r, n);
      if (isJsxCall(ts, n)) {
        const factory = jsxFactoryDeclaration(this.#ctx, n.getSourceFile(), ts.isJsxOpeningFragment(n));
        if (factory !== undefined) reference(this, factory, mode);
      }
      if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword && n.arguments[0] !== undefined) {
        const target = this.carrier.graph.targetOfSpecifier(n.arguments[0]);
        if (target !== undefined) this.load(target);
      }
      ts.forEachChild(n, go);
    };
    go(node);
  }

  /**
   * `obj[key]`: a function member of `obj`'s type that the key may name runs, as `obj.name`
   * would reach it (carry-references.cts member). A literal key, or one typed by literals,
   * names those; any other key any of them. Members typed by an index signature (`Record<string, Fn>`) have no
   * declaration here: what is stored in such a value is stored-functions.cts's.
   */
  #anyMember(access: ts.ElementAccessExpression): void {
    const { ts, checker } = this.#ctx;
    const key = access.argumentExpression;
    const named = literalKeys(this.#ctx, key);
    for (const p of checker.getTypeAtLocation(access.expression).getProperties()) {
      if (named !== undefined && !named.includes(p.name)) continue;
      for (const d of p.declarations ?? []) {
        if (!isUserFile(this.#ctx, d.getSourceFile())) continue;
        const fn = functionOf(ts, d);
        if (fn !== undefined) this.run(fn);
      }
    }
  }

  /**
   * The carried code uses the value of `holder` (a variable, or the user's globals) by the
   * keys given, or by any key (undefined: `table[name]`, the value handed on): a function
   * stored under such a key may run on the worker.
   */
  used(holder: ts.Symbol | "global", keys: readonly string[] | undefined): void {
    this.#stored.use(holder, keys);
  }

  /**
   * A function literal that loading a sliced file stores in a value: run when that value is
   * used by its key (or already was), or at once when it went where this cannot follow it.
   * Files loaded whole keep every declaration its functions read anyway.
   */
  #store(fn: ts.Node): void {
    if (this.carrier.sliced.has(fn.getSourceFile())) this.#stored.store(fn);
  }

  /** Records a read of the user's global `key` (globals.cts; none: `e` names none) by the worker's code, at `e`. */
  globalRead(key: string | undefined, e: ts.Expression): void {
    if (key !== undefined && !this.result.globalReads.has(key)) this.result.globalReads.set(key, e);
  }

  /** A read of `process.env` at load (env-access.cts addEnvRead). */
  #envRead(n: ts.Node): void {
    addEnvRead(this.#ctx, this.result.envReads, n, n);
  }

  /** Decorators and computed names of a defined-not-run function are evaluated where it is defined. */
  #names(fn: ts.Node): void {
    const ts = this.#ts;
    if (ts.canHaveDecorators(fn)) for (const d of ts.getDecorators(fn) ?? []) this.#walk(d, "load");
    const name = (fn as { name?: ts.Node }).name;
    if (name !== undefined && ts.isComputedPropertyName(name)) this.#walk(name.expression, "load");
  }

  /**
   * Loading a class runs its decorators (its parameters' too), `extends`, computed names,
   * static fields and blocks; with decorator metadata, it reads the classes its records name.
   */
  #classAtLoad(cls: ts.ClassLikeDeclaration): void {
    for (const part of classLoadParts(this.#ts, cls)) this.#walk(part, "load");
    for (const name of metadataNames(this.#ctx, cls)) reference(this, name, "load");
  }

  /** `new C()` runs its constructor and instance field initialisers. */
  instanceFields(cls: ts.ClassLikeDeclaration): void {
    const ts = this.#ts;
    if (this.#instantiated.has(cls)) return;
    this.#instantiated.add(cls);
    for (const m of cls.members) {
      if (ts.isPropertyDeclaration(m) && m.initializer !== undefined && !isStatic(ts, m))
        this.#pending.push({ node: m.initializer, mode: "run" });
      if (ts.isConstructorDeclaration(m) && m.body !== undefined) this.run(m);
    }
    // A base class's constructor runs too.
    const base = cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
    if (base !== undefined) {
      const s = this.#ctx.checker.getSymbolAtLocation(base);
      for (const d of (s === undefined ? undefined : resolveAlias(this.#ctx, s).declarations) ?? [])
        if (ts.isClassLike(d) && isUserFile(this.#ctx, d.getSourceFile())) this.instanceFields(d);
    }
  }
}

/** The names an import or re-export brings in that are values (not types, not a namespace object). */
function importedValues(ctx: Context, n: ts.Node): ts.Identifier[] {
  const { ts, checker } = ctx;
  const names: ts.Identifier[] = [];
  if (ts.isImportDeclaration(n) && n.importClause !== undefined && !n.importClause.isTypeOnly) {
    const { name, namedBindings } = n.importClause;
    if (name !== undefined) names.push(name);
    if (namedBindings !== undefined && ts.isNamedImports(namedBindings))
      for (const e of namedBindings.elements) if (!e.isTypeOnly) names.push(e.name);
  } else if (
    ts.isExportDeclaration(n) &&
    !n.isTypeOnly &&
    n.exportClause !== undefined &&
    ts.isNamedExports(n.exportClause)
  ) {
    for (const e of n.exportClause.elements) if (!e.isTypeOnly && ts.isIdentifier(e.name)) names.push(e.name);
  }
  return names.filter((id) => {
    const symbol = checker.getSymbolAtLocation(id);
    return symbol !== undefined && (resolveAlias(ctx, symbol).flags & ts.SymbolFlags.Value) !== 0;
  });
}
