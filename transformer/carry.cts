/**
 * What a marked function's worker module carries, and what it runs when it loads.
 *
 * Starting from the function, every identifier it reads is resolved with the type
 * checker and followed to its declaration: inside the function (a local: fine), in a
 * lib or a package (stays a global or an import), in an enclosing function (a captured
 * local: an error), or at module level in one of the user's files. Of a file that holds
 * marked functions (the function's own, or another one worker code imports), only what
 * is used is kept, statement by statement ("sliced": its `main()` must not run in a
 * worker); any other file of the user's is loaded whole, as the main thread loads it.
 *
 * A sliced file's other statements are dropped unless they set up what the worker uses:
 * a loop filling a table the function reads, `registry.set(...)`, a polyfill, a
 * prototype patch, a side-effect import. Those are kept too (see EffectAnalysis), until
 * nothing changes. A statement that sets something up but also starts marked functions
 * (`main()` filling a cache and then calling the function) cannot run in a worker: it is
 * refused with a diagnostic, never silently dropped.
 *
 * Along the way it records which functions the worker may run after load (`reached`)
 * and which module-level variables that code reads (`reads`), for the check of later
 * writes (later-writes.cts). Type positions carry nothing: types do not exist at run time.
 */
import * as path from "node:path";
import type * as ts from "typescript";
import type { Context } from "./context.cjs";
import type { EffectAnalysis } from "./effects.cjs";
import { finding, where, type Finding } from "./diagnostics.cjs";
import type { ModuleGraph } from "./module-graph.cjs";
import { functionOf, isAmbient, isDefinedNotRun, isModuleLevel, isNameOnly, isUserFile, lineOf, resolveAlias, symbolOf, topStatement } from "./nodes.cjs";

export interface Carry {
  /** Files carried statement by statement (files with markers), and the statements kept of each. */
  readonly kept: Map<ts.SourceFile, Set<ts.Statement>>;
  /** Statements kept for what they do as the module loads, with the node that made them needed. */
  readonly setup: Map<ts.Statement, ts.Node>;
  /** Import declarations kept only so that their module loads: their bindings are not used. */
  readonly sideEffectImports: Set<ts.ImportDeclaration>;
  /** Import specifiers (and default/namespace bindings) the carried code uses. */
  readonly usedBindings: Set<ts.Node>;
  /** The user's files loaded whole. */
  readonly whole: Set<ts.SourceFile>;
  /** Functions (function-like nodes) the worker may run after it loads. */
  readonly reached: Set<ts.Node>;
  /** Module-level variables of the user's that code run after load reads, with one place it does. */
  readonly reads: Map<ts.Symbol, ts.Identifier>;
  /** Declarations (as resolved symbols) the carried code uses. */
  readonly refs: Set<ts.Symbol>;
  /** Symbols the carried code of the function's own file names, as written there (imports stay aliases). */
  readonly localRefs: Set<ts.Symbol>;
  /** What statements refused as setup (TS77010) would have set up: not reported again as later writes. */
  readonly refusedSetup: Set<ts.Symbol>;
  readonly findings: Finding[];
}

export interface CarryOptions {
  /** The function's name and marker, for messages. */
  readonly fnName: string;
  readonly marker: string;
  /** An identifier not to follow at first: the marker's callee, dropped when nothing else uses the stub. */
  readonly skip?: ts.Identifier | undefined;
}


export class Carrier {
  constructor(
    readonly ctx: Context,
    readonly graph: ModuleGraph,
    readonly effects: EffectAnalysis,
    /** Files with markers: sliced, never loaded whole. */
    readonly sliced: ReadonlySet<ts.SourceFile>,
  ) {}

  /**
   * Carries `roots` (the marked function, or the statement that declares it) from `file`.
   * `rootFns` are run after load (the function itself); the rest are load-time code.
   */
  carry(file: ts.SourceFile, roots: readonly ts.Statement[], rootFn: ts.Node, options: CarryOptions): Carry & { readonly referenceSkipped: () => void } {
    const walk = new Walk(this, file, options);
    for (const s of roots) walk.keep(file, s);
    walk.run(rootFn);
    walk.settle();
    return Object.assign(walk.result, {
      referenceSkipped: () => {
        walk.unskip();
        walk.settle();
      },
    });
  }
}

type Mode = "load" | "run";

class Walk {
  readonly result: Carry = {
    kept: new Map(),
    setup: new Map(),
    sideEffectImports: new Set(),
    usedBindings: new Set(),
    whole: new Set(),
    reached: new Set(),
    reads: new Map(),
    refs: new Set(),
    localRefs: new Set(),
    refusedSetup: new Set(),
    findings: [],
  };
  readonly #instantiated = new Set<ts.Node>();
  readonly #reported = new Set<ts.Symbol | ts.Node>();
  readonly #ts: typeof import("typescript");
  /**
   * Code still to walk. Keeping a statement, loading a module or reaching a function adds
   * to it, and the walk drains it in a loop: following imports and calls by recursion
   * would overflow the stack on a long chain of modules.
   */
  readonly #pending: { readonly node: ts.Node; readonly mode: Mode }[] = [];
  #skip: ts.Identifier | undefined;

  constructor(
    readonly carrier: Carrier,
    readonly file: ts.SourceFile,
    readonly options: CarryOptions,
  ) {
    this.#ts = carrier.ctx.ts;
    this.#skip = options.skip;
    this.result.kept.set(file, new Set());
  }

  /** Follows the identifier carry() was told to skip (the marker's callee), after all. */
  unskip(): void {
    const skip = this.#skip;
    this.#skip = undefined;
    if (skip !== undefined) this.#pending.push({ node: skip, mode: "load" });
  }

  #drain(): void {
    for (let item = this.#pending.pop(); item !== undefined; item = this.#pending.pop()) this.#walk(item.node, item.mode);
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
      for (const p of fn.parameters) if (p.initializer !== undefined) this.#pending.push({ node: p.initializer, mode: "run" });
      if ("body" in fn && fn.body !== undefined) this.#pending.push({ node: fn.body, mode: "run" });
      if (ts.isConstructorDeclaration(fn)) this.#instanceFields(fn.parent);
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
      if (ts.isIdentifier(n)) {
        if (n === this.#skip) return;
        if (ts.isPropertyAccessExpression(n.parent) && n.parent.name === n) this.#member(n, mode);
        else if (!isNameOnly(ts, n) && !isDeclarationName(ts, n)) this.#reference(n, mode);
        return;
      }
      if (ts.isFunctionLike(n)) {
        // Named functions run when something calls them (a reference reaches them); any
        // other literal (a callback, an IIFE, a marked function) may run on the worker.
        if (mode === "run" || !isDefinedNotRun(ts, n)) this.run(n);
        else this.#names(n);
        return;
      }
      if (mode === "load" && ts.isClassLike(n)) return this.#classAtLoad(n);
      if (ts.isImportDeclaration(n) || ts.isExportDeclaration(n) || ts.isImportEqualsDeclaration(n)) {
        const target = this.carrier.graph.targetOf(n);
        if (target !== undefined) this.load(target);
        if (ts.isImportEqualsDeclaration(n) && !ts.isExternalModuleReference(n.moduleReference)) go(n.moduleReference as ts.Node);
        return;
      }
      if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword && n.arguments[0] !== undefined) {
        const target = this.carrier.graph.targetOfSpecifier(n.arguments[0]);
        if (target !== undefined) this.load(target);
      }
      ts.forEachChild(n, go);
    };
    go(node);
  }

  /** Decorators and computed names of a defined-not-run function are evaluated where it is defined. */
  #names(fn: ts.Node): void {
    const ts = this.#ts;
    if (ts.canHaveDecorators(fn)) for (const d of ts.getDecorators(fn) ?? []) this.#walk(d, "load");
    const name = (fn as { name?: ts.Node }).name;
    if (name !== undefined && ts.isComputedPropertyName(name)) this.#walk(name.expression, "load");
  }

  /** Loading a class runs its decorators, `extends`, computed names, static fields and blocks. */
  #classAtLoad(cls: ts.ClassLikeDeclaration): void {
    const ts = this.#ts;
    for (const d of ts.getDecorators(cls) ?? []) this.#walk(d, "load");
    for (const h of cls.heritageClauses ?? []) this.#walk(h, "load");
    for (const m of cls.members) {
      if (m.name !== undefined && ts.isComputedPropertyName(m.name)) this.#walk(m.name.expression, "load");
      for (const d of (ts.canHaveDecorators(m) ? ts.getDecorators(m) : undefined) ?? []) this.#walk(d, "load");
      const isStatic = ts.canHaveModifiers(m) && (ts.getModifiers(m)?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword) ?? false);
      if (ts.isClassStaticBlockDeclaration(m)) this.#walk(m.body, "load");
      else if (isStatic && ts.isPropertyDeclaration(m) && m.initializer !== undefined) this.#walk(m.initializer, "load");
    }
  }

  /** `new C()` runs its constructor and instance field initialisers. */
  #instanceFields(cls: ts.ClassLikeDeclaration): void {
    const ts = this.#ts;
    if (this.#instantiated.has(cls)) return;
    this.#instantiated.add(cls);
    for (const m of cls.members) {
      if (ts.isPropertyDeclaration(m) && m.initializer !== undefined && !ts.getModifiers(m)?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword)) this.#pending.push({ node: m.initializer, mode: "run" });
      if (ts.isConstructorDeclaration(m) && m.body !== undefined) this.run(m);
    }
    // A base class's constructor runs too.
    const base = cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
    if (base !== undefined) {
      const s = this.#ctx.checker.getSymbolAtLocation(base);
      for (const d of (s === undefined ? undefined : resolveAlias(this.#ctx, s).declarations) ?? []) if (ts.isClassLike(d) && isUserFile(this.#ctx, d.getSourceFile())) this.#instanceFields(d);
    }
  }

  #reference(id: ts.Identifier, mode: Mode): void {
    const ts = this.#ts;
    const symbol = symbolOf(this.#ctx, id);
    if (symbol === undefined || symbol.flags & (ts.SymbolFlags.Property | ts.SymbolFlags.Method | ts.SymbolFlags.Accessor | ts.SymbolFlags.EnumMember | ts.SymbolFlags.TypeParameter)) return;
    if (id.getSourceFile() === this.file) this.result.localRefs.add(symbol);
    let target = symbol;
    if (symbol.flags & ts.SymbolFlags.Alias) {
      // Every import and re-export on the way must be kept where it is sliced away otherwise.
      for (let s: ts.Symbol | undefined = symbol; s !== undefined && s.flags & ts.SymbolFlags.Alias; s = this.#ctx.checker.getImmediateAliasedSymbol(s)) {
        for (const d of s.declarations ?? []) this.#alias(d);
      }
      target = resolveAlias(this.#ctx, symbol);
    }
    this.result.refs.add(target);
    for (const decl of target.declarations ?? []) this.#declared(decl, target, id, mode);
  }

  /** An import or re-export binding: kept (in a sliced file), and its module loaded. */
  #alias(d: ts.Declaration): void {
    const ts = this.#ts;
    const sf = d.getSourceFile();
    if (!isUserFile(this.#ctx, sf)) return;
    this.result.usedBindings.add(d);
    const stmt = topStatement(d);
    if (this.carrier.sliced.has(sf)) this.keep(sf, stmt);
    else this.load(sf);
    if (ts.isExportSpecifier(d) || ts.isImportSpecifier(d) || ts.isImportClause(d) || ts.isNamespaceImport(d) || ts.isImportEqualsDeclaration(d)) {
      const target = this.carrier.graph.targetOf(stmt);
      if (target !== undefined) this.load(target);
    }
  }

  /** `obj.name`: a method or function-valued property of the user's runs when called; `ns.x` is x. */
  #member(name: ts.Identifier, mode: Mode): void {
    const ts = this.#ts;
    const symbol = this.#ctx.checker.getSymbolAtLocation(name);
    if (symbol === undefined) return;
    const target = resolveAlias(this.#ctx, symbol);
    for (const d of target.declarations ?? []) {
      if (!isUserFile(this.#ctx, d.getSourceFile()) || isAmbient(ts, d)) continue;
      const binding = ts.isVariableDeclaration(d) || ts.isBindingElement(d) || ts.isFunctionDeclaration(d) || ts.isClassDeclaration(d) || ts.isEnumDeclaration(d) || ts.isModuleDeclaration(d);
      if (binding && isModuleLevel(ts, d)) {
        this.result.refs.add(target);
        this.#declared(d, target, name, mode);
        continue;
      }
      const fn = functionOf(ts, d);
      if (fn !== undefined) this.run(fn);
    }
  }

  #declared(decl: ts.Declaration, symbol: ts.Symbol, id: ts.Identifier, mode: Mode): void {
    const ts = this.#ts;
    const sf = decl.getSourceFile();
    if (!isUserFile(this.#ctx, sf) || isAmbient(ts, decl)) return; // a global, or a package's: nothing to carry
    if (ts.isSourceFile(decl)) return this.load(decl); // `import x = require("./m")` names the module
    if (!isModuleLevel(ts, decl)) {
      if (this.#isInside(decl)) return; // a local of code that is carried
      if (!this.#reported.has(symbol)) {
        this.#reported.add(symbol);
        const at = where(decl, this.#ctx.cwd, path.relative);
        this.result.findings.push(
          finding("capturedLocal", id, { fn: this.options.fnName, name: id.text, where: at, marker: this.options.marker }, [{ node: decl, message: `'${id.text}' is declared here.` }]),
        );
      }
      return;
    }
    if (this.carrier.sliced.has(sf)) this.keep(sf, topStatement(decl));
    else this.load(sf);
    const fn = functionOf(ts, decl);
    if (fn !== undefined) return this.run(fn);
    if (ts.isClassLike(decl)) return this.#instanceFields(decl);
    if (mode === "run" && (ts.isVariableDeclaration(decl) || ts.isBindingElement(decl)) && !this.result.reads.has(symbol)) this.result.reads.set(symbol, id);
  }

  /** Inside code the worker carries: a function it runs, or a statement it keeps or loads. */
  #isInside(decl: ts.Node): boolean {
    for (let n: ts.Node | undefined = decl.parent; n !== undefined; n = n.parent) {
      if (this.result.reached.has(n)) return true;
      if (n.parent !== undefined && this.#ts.isSourceFile(n.parent)) {
        const sf = n.parent;
        return this.result.whole.has(sf) || (this.result.kept.get(sf)?.has(n as ts.Statement) ?? false);
      }
    }
    return false;
  }

  /**
   * Keeps what sets up the carried code as its module loads, until nothing changes: a
   * statement of a sliced file that writes something the carried code uses, or writes the
   * global environment, or is a side-effect import.
   */
  settle(): void {
    const ts = this.#ts;
    const { effects } = this.carrier;
    this.#drain();
    for (let changed = true; changed; ) {
      changed = false;
      for (const [sf, kept] of [...this.result.kept]) {
        for (const s of sf.statements) {
          if (kept.has(s) || this.#reported.has(s)) continue;
          if (ts.isImportDeclaration(s) && s.importClause === undefined) {
            this.result.setup.set(s, s);
            this.keep(sf, s);
            this.#drain();
            changed = true;
            continue;
          }
          if (!mayRun(ts, s)) continue;
          const e = effects.ofStatement(s);
          const hit = first(e.writes, this.result.refs);
          const sure = e.global !== undefined ? { what: describeWrite(ts, e.global), node: e.global } : hit;
          const maybe = first(e.mayWrite, this.result.refs);
          if (sure === undefined && maybe === undefined) continue;
          if (e.dispatch !== undefined) {
            // Possible writes are not worth refusing a program's `main(config)` for; sure ones are.
            if (sure !== undefined) {
              this.#refuseSetup(s, sure.what, sure.node, e.dispatch);
              for (const w of e.writes.keys()) this.result.refusedSetup.add(w);
            }
            continue;
          }
          this.result.setup.set(s, (sure ?? maybe)!.node);
          if (ts.isImportDeclaration(s)) this.result.sideEffectImports.add(s);
          this.keep(sf, s);
          this.#drain();
          changed = true;
        }
      }
    }
    for (const s of this.result.sideEffectImports) {
      const clause = s.importClause;
      const used = clause !== undefined && (this.result.usedBindings.has(clause) || namedBindings(ts, clause).some((b) => this.result.usedBindings.has(b)));
      if (used) this.result.sideEffectImports.delete(s);
    }
  }

  #refuseSetup(s: ts.Statement, what: string, write: ts.Node, dispatch: ts.Node): void {
    this.#reported.add(s);
    const dispatchAt = `${path.relative(this.#ctx.cwd, dispatch.getSourceFile().fileName).replaceAll("\\", "/")}:${lineOf(dispatch)}`;
    this.result.findings.push(
      finding("setupStartsWork", s, { fn: this.options.fnName, what, dispatchAt }, [
        { node: write, message: `This sets up '${what}'.` },
        { node: dispatch, message: "This starts marked functions." },
      ]),
    );
  }
}

/** A statement that does something as its module loads (declarations of types, functions and classes without static parts do not). */
function mayRun(ts: typeof import("typescript"), s: ts.Statement): boolean {
  if (ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s) || ts.isFunctionDeclaration(s) || ts.isEmptyStatement(s)) return false;
  if (ts.isModuleDeclaration(s) && isAmbient(ts, s)) return false;
  return true;
}

function first(m: ReadonlyMap<ts.Symbol, ts.Node>, wanted: ReadonlySet<ts.Symbol>): { readonly what: string; readonly node: ts.Node } | undefined {
  for (const [s, node] of m) if (wanted.has(s)) return { what: s.getName(), node };
  return undefined;
}

function namedBindings(ts: typeof import("typescript"), clause: ts.ImportClause): ts.Node[] {
  const nb = clause.namedBindings;
  if (nb === undefined) return [];
  return ts.isNamespaceImport(nb) ? [nb] : [...nb.elements];
}

/** The name a declaration gives (not a use of a binding): `x` in `const x`, `function x`, `(x) =>`. */
function isDeclarationName(ts: typeof import("typescript"), id: ts.Identifier): boolean {
  const p = id.parent as ts.Node & { name?: ts.Node };
  if (p.name !== id) return false;
  return (
    ts.isVariableDeclaration(p) ||
    ts.isFunctionDeclaration(p) ||
    ts.isFunctionExpression(p) ||
    ts.isClassDeclaration(p) ||
    ts.isClassExpression(p) ||
    ts.isParameter(p) ||
    ts.isBindingElement(p) ||
    ts.isEnumDeclaration(p) ||
    ts.isEnumMember(p) ||
    ts.isModuleDeclaration(p) ||
    ts.isImportSpecifier(p) ||
    ts.isImportClause(p) ||
    ts.isNamespaceImport(p) ||
    ts.isImportEqualsDeclaration(p) ||
    ts.isMethodDeclaration(p) ||
    ts.isPropertyDeclaration(p) ||
    ts.isGetAccessorDeclaration(p) ||
    ts.isSetAccessorDeclaration(p)
  );
}

/** The target of a write, as written (`String.prototype.shout`), for messages. */
function describeWrite(ts: typeof import("typescript"), n: ts.Node): string {
  const target = ts.isBinaryExpression(n) ? n.left : ts.isCallExpression(n) && n.arguments[0] !== undefined ? n.arguments[0] : n;
  const text = target.getText().split("\n")[0]!;
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
