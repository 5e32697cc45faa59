/**
 * One pass over the program: every marked function, what its worker needs, and
 * every problem, before any file is emitted. Done once per program.
 */
import type * as ts from "typescript";
import type { Context } from "./context.cjs";
import { boundaryKeywords } from "./boundary.cjs";
import { candidateFiles } from "./candidates.cjs";
import { Carrier, type Carry } from "./carry.cjs";
import { uncloneableSignature } from "./cloneable.cjs";
import { finding, type Finding } from "./diagnostics.cjs";
import { EffectAnalysis } from "./effects.cjs";
import { workerModule } from "./emit-paths.cjs";
import { LaterWrites } from "./later-writes.cjs";
import { jsdocMarkerOf, markerOf, markerOfExpression, takerOf, type MarkerKind, type Taker } from "./markers.cjs";
import { ModuleGraph } from "./module-graph.cjs";
import { isUserFile, resolveAlias, topStatement } from "./nodes.cjs";
import type { WorkerEntry } from "./worker-source.cjs";
import { unmarkedArgument } from "./unmarked.cjs";

export interface MarkedFunction {
  readonly sourceFile: ts.SourceFile;
  /**
   * The marker call (`makeAsync(fn)`), the declaration a `/** @tamed *\/` comment marks,
   * the `@makeAsync` decorator of a static method, or a function literal passed to
   * runAsync / submit / map / spawn.
   */
  readonly site: ts.CallExpression | ts.FunctionDeclaration | ts.Decorator | ts.ArrowFunction | ts.FunctionExpression;
  readonly marker: MarkerKind;
  /** The name it is declared under, for messages and stacks. */
  readonly name: string;
  /** What its worker module carries: statements of files with markers, files loaded whole (see carry.cts). */
  readonly carry: Carry;
  /** How the worker module exports the function. */
  readonly entry: WorkerEntry;
  /** Error classes the worker may throw that the stub's module can name: rebuilt as themselves on the caller's side. */
  readonly errorClasses: readonly string[];
  /**
   * Error classes of other modules the worker's code uses, which the stub's module does not
   * import: the emitted file imports each one's module as a namespace, and names it `local.exported`.
   */
  readonly errorImports: readonly ErrorImport[];
  /** The worker module: path under the output root (no extension), and relative to the stub. */
  readonly module: { readonly out: string; readonly fromStub: string };
}

export interface ErrorImport {
  /** The namespace the stub's module imports the class's module as (`import * as local`): CommonJS output keeps that name. */
  readonly local: string;
  /** The name its module exports it under. */
  readonly exported: string;
  readonly file: ts.SourceFile;
}

/** Where a function's worker module goes: under the output root (no extension), and relative to its stub. */
export type Layout = (sf: ts.SourceFile, key: string) => { readonly out: string; readonly fromStub: string };

export interface Analysis {
  readonly functions: readonly MarkedFunction[];
  readonly bySite: ReadonlyMap<ts.Node, MarkedFunction>;
  readonly findings: readonly Finding[];
  /**
   * Names of the module-level variables worker code reads: a file that changes one must be
   * in the program for the check of later writes to see it (the esbuild plugin's program
   * starts from the files with markers only).
   */
  readonly readNames: ReadonlySet<string>;
}

/** Files tsc compiles from the user's sources (not lib files, not packages, not .d.ts). */
export function userFiles(ctx: Context): ts.SourceFile[] {
  return ctx.program.getSourceFiles().filter((sf) => isUserFile(ctx, sf));
}

function describe(ts: typeof import("typescript"), node: ts.Node): string {
  if (ts.isIdentifier(node)) return `'${node.text}'`;
  if (ts.isCallExpression(node)) return "a call expression";
  return `an expression of kind ${ts.SyntaxKind[node.kind]}`;
}

/** `const name = marker(fn)` directly at module level: its statement can be kept whole. */
function isModuleLevelConst(ts: typeof import("typescript"), call: ts.CallExpression): boolean {
  const decl = call.parent;
  if (!ts.isVariableDeclaration(decl) || decl.initializer !== call || !ts.isIdentifier(decl.name)) return false;
  const list = decl.parent;
  if (!ts.isVariableDeclarationList(list) || (list.flags & ts.NodeFlags.Const) === 0) return false;
  return ts.isVariableStatement(list.parent) && ts.isSourceFile(list.parent.parent);
}

/**
 * The name a marked function goes by: the variable or property it is assigned to,
 * else the nearest named function around it (`return makeAsync(...)` in `hasher`).
 */
function declaredName(ts: typeof import("typescript"), call: ts.CallExpression): string {
  for (let n: ts.Node = call.parent; !ts.isSourceFile(n); n = n.parent) {
    if (
      (ts.isVariableDeclaration(n) || ts.isPropertyAssignment(n) || ts.isPropertyDeclaration(n) || ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n)) &&
      n.name !== undefined &&
      ts.isIdentifier(n.name)
    ) {
      return n.name.text;
    }
  }
  return "anonymous";
}

/** True when the class is Error or extends it, through any number of bases. */
function extendsError(ctx: Context, type: ts.Type, depth = 0): boolean {
  if (depth > 10) return false;
  const symbol = type.getSymbol();
  if (symbol?.getName() === "Error" && (symbol.declarations ?? []).some((d) => ctx.program.isSourceFileDefaultLibrary(d.getSourceFile()))) return true;
  const bases = type.isClassOrInterface() ? ctx.checker.getBaseTypes(type) : [];
  return bases.some((b) => extendsError(ctx, b, depth + 1));
}

/**
 * The names of Error subclasses the carried code of the function's file reads as
 * values: classes declared at module level, and classes imported by name. The stub's
 * module has each under that name (a value use keeps its import), so the caller's side
 * can rebuild a thrown one as an instance of the real class.
 */
function errorClassesOf(ctx: Context, refs: ReadonlySet<ts.Symbol>): string[] {
  const { ts } = ctx;
  const names: string[] = [];
  for (const ref of refs) {
    const symbol = resolveAlias(ctx, ref);
    if (!(symbol.flags & ts.SymbolFlags.Class)) continue;
    if (ref.flags & ts.SymbolFlags.Alias && !ref.declarations?.some((d) => ts.isImportSpecifier(d) || ts.isImportClause(d))) continue; // a namespace member needs its namespace
    if (!(ref.flags & ts.SymbolFlags.Alias) && !ref.declarations?.some((d) => ts.isClassDeclaration(d) && ts.isSourceFile(d.parent))) continue; // a local class: not in scope at the stub
    if (extendsError(ctx, ctx.checker.getDeclaredTypeOfSymbol(symbol))) names.push(ref.getName());
  }
  return names;
}

/**
 * Error classes declared (and exported) in other files of the user's that the carried code
 * uses, for the stub's module to import: a ValidationError thrown by a helper module's
 * code then arrives as a ValidationError, as it would on the main thread.
 */
function errorImportsOf(ctx: Context, carry: Carry, sf: ts.SourceFile, named: ReadonlySet<string>, locals: Map<ts.SourceFile, string>): ErrorImport[] {
  const { ts, checker } = ctx;
  const out: ErrorImport[] = [];
  for (const symbol of carry.refs) {
    if (!(symbol.flags & ts.SymbolFlags.Class)) continue;
    const decl = symbol.declarations?.find((d): d is ts.ClassDeclaration => ts.isClassDeclaration(d) && ts.isSourceFile(d.parent));
    const file = decl?.getSourceFile();
    if (file === undefined || file === sf || !isUserFile(ctx, file)) continue;
    if (named.has(symbol.getName()) || !extendsError(ctx, checker.getDeclaredTypeOfSymbol(symbol))) continue;
    const moduleSymbol = checker.getSymbolAtLocation(file);
    const exported = moduleSymbol === undefined ? undefined : checker.getExportsOfModule(moduleSymbol).find((e) => resolveAlias(ctx, e) === symbol);
    if (exported === undefined) continue; // not exported: nothing can import it (it arrives as an Error of its name)
    let local = locals.get(file);
    if (local === undefined) locals.set(file, (local = `__tamed_errors_${locals.size + 1}`));
    out.push({ local, exported: exported.getName(), file });
  }
  return out;
}

/** Worker file names are unique per source file: `f`, then `f_2`, `f_3`. */
function uniqueKey(taken: Map<ts.SourceFile, Set<string>>, sf: ts.SourceFile, name: string): string {
  const names = taken.get(sf) ?? new Set<string>();
  taken.set(sf, names);
  let key = name;
  for (let i = 2; names.has(key); i++) key = `${name}_${i}`;
  names.add(key);
  return key;
}

/** A marked function found in the first pass, before anything is carried. */
interface Site {
  readonly sourceFile: ts.SourceFile;
  readonly site: MarkedFunction["site"];
  readonly marker: MarkerKind;
  readonly name: string;
  /** What messages call the marker: the marker, or the function the literal is given to (spawn). */
  readonly markedBy: string;
  /** The function itself. */
  readonly fn: ts.ArrowFunction | ts.FunctionExpression | ts.FunctionDeclaration | ts.MethodDeclaration;
  /** Top-level statements kept whole (the `const f = marker(...)` statement, the class of a method), if any. */
  readonly roots: readonly ts.Statement[];
  readonly entry: WorkerEntry;
  /** Key of its worker file. */
  readonly key: string;
  /** `const f = makeAsync(...)` at module level: the marker's callee, dropped from the worker when nothing there uses `f`. */
  readonly unwrap?: { readonly callee: ts.Identifier; readonly stub: ts.Identifier } | undefined;
}

interface Found {
  readonly sites: Site[];
  readonly findings: Finding[];
  /** Symbols of marked functions and stubs: a call of one starts work. */
  readonly marked: Set<ts.Symbol>;
}

function callSite(ctx: Context, sf: ts.SourceFile, call: ts.CallExpression, marker: MarkerKind, keys: Map<ts.SourceFile, Set<string>>, out: Found): void {
  const { ts, checker } = ctx;
  const fn = call.arguments[0];
  if (fn === undefined || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) {
    out.findings.push(finding("notAFunctionLiteral", fn ?? call, { marker, got: fn === undefined ? "no argument" : describe(ts, fn) }));
    return;
  }
  const name = declaredName(ts, call);
  const whole = isModuleLevelConst(ts, call);
  if (ts.isVariableDeclaration(call.parent)) {
    const s = checker.getSymbolAtLocation(call.parent.name);
    if (s !== undefined) out.marked.add(s);
  }
  const callee = ts.isIdentifier(call.expression) ? call.expression : ts.isPropertyAccessExpression(call.expression) && ts.isIdentifier(call.expression.expression) ? call.expression.expression : undefined;
  const stub = (call.parent as ts.VariableDeclaration).name as ts.Identifier;
  out.sites.push({
    sourceFile: sf,
    site: call,
    marker,
    name,
    markedBy: marker,
    fn,
    roots: whole ? [topStatement(call)] : [],
    entry: whole ? { kind: "named", name, unwrap: undefined } : { kind: "literal", node: fn },
    key: uniqueKey(keys, sf, name),
    unwrap: whole && callee !== undefined ? { callee, stub } : undefined,
  });
}

/**
 * `scope.spawn((x: number) => ..., 1)`: the literal is extracted as if it were marked,
 * with makeAsync, or tamed when it is an async function.
 */
function literalSite(ctx: Context, sf: ts.SourceFile, call: ts.CallExpression, taker: Taker, keys: Map<ts.SourceFile, Set<string>>, out: Found): void {
  const { ts } = ctx;
  const fn = call.arguments[0];
  if (fn === undefined || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) {
    const unmarked = unmarkedArgument(ctx, call, taker); // else marked, or not known here: the runtime checks it
    if (unmarked !== undefined) out.findings.push(unmarked);
    return;
  }
  const isAsync = ts.getModifiers(fn)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) ?? false;
  const marker: MarkerKind = isAsync ? "tamed" : "makeAsync";
  const name = `the function given to ${taker}() in ${declaredName(ts, call)}`;
  out.sites.push({ sourceFile: sf, site: fn, marker, name, markedBy: taker, fn, roots: [], entry: { kind: "literal", node: fn }, key: uniqueKey(keys, sf, `${taker}.${declaredName(ts, call)}`) });
}

/**
 * `/** @tamed *\/ async function f() {}`. At module level the declaration is kept whole
 * in the worker module (an anonymous `export default` one is the default export as it
 * stands); nested in a function, only the declaration itself goes.
 */
function declarationSite(ctx: Context, sf: ts.SourceFile, marked: ts.FunctionDeclaration, marker: MarkerKind, keys: Map<ts.SourceFile, Set<string>>, out: Found): void {
  const { ts, checker } = ctx;
  // The comment may sit on an overload signature: the implementation is what runs.
  const decl = marked.body !== undefined ? marked : implementationOf(ctx, marked);
  if (decl === undefined || (decl !== marked && jsdocMarkerOf(ctx, decl) !== undefined)) return; // no body anywhere, or the implementation is marked itself
  const name = decl.name?.text ?? "default";
  const isAsync = ts.getModifiers(decl)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) ?? false;
  if (!isAsync) {
    out.findings.push(finding("notAsync", decl.name ?? decl, { fn: name, marker, declare: `async function ${name}(...)`, wrapper: name }));
    return;
  }
  const s = decl.name === undefined ? undefined : checker.getSymbolAtLocation(decl.name);
  if (s !== undefined) out.marked.add(s);
  const atTop = ts.isSourceFile(decl.parent);
  const entry: WorkerEntry = !atTop ? { kind: "literal", node: decl } : decl.name === undefined ? { kind: "asIs", statement: decl } : { kind: "named", name };
  out.sites.push({ sourceFile: sf, site: decl, marker, name, markedBy: marker, fn: decl, roots: atTop ? [decl] : [], entry, key: uniqueKey(keys, sf, name) });
}

/** The declaration with a body among an overloaded function's declarations. */
function implementationOf(ctx: Context, signature: ts.FunctionDeclaration): ts.FunctionDeclaration | undefined {
  const symbol = signature.name === undefined ? undefined : ctx.checker.getSymbolAtLocation(signature.name);
  return symbol?.declarations?.find((d): d is ts.FunctionDeclaration => ctx.ts.isFunctionDeclaration(d) && d.body !== undefined);
}

/**
 * `@makeAsync static async m() {}` in a class declared at module level. The worker
 * module carries the class (its decorator, in a worker, makes an inline stub) and
 * exports `Class.method`, whose original function the worker calls.
 */
function methodSite(ctx: Context, sf: ts.SourceFile, decorator: ts.Decorator, method: ts.MethodDeclaration, marker: MarkerKind, keys: Map<ts.SourceFile, Set<string>>, out: Found): void {
  const { ts, checker } = ctx;
  const cls = method.parent;
  const mods = ts.getModifiers(method) ?? [];
  const isStatic = mods.some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
  const isAsync = mods.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
  const methodName = ts.isIdentifier(method.name) ? method.name.text : undefined;
  const what =
    !ts.isClassDeclaration(cls) || cls.name === undefined || !ts.isSourceFile(cls.parent)
      ? "a method of a class that is not declared at module level"
      : !isStatic
        ? "an instance method (an instance's 'this' cannot cross to a worker thread)"
        : methodName === undefined
          ? "a method with a computed or private name"
          : undefined;
  if (what !== undefined) {
    out.findings.push(finding("decoratorPlacement", decorator, { marker, what }));
    return;
  }
  const name = `${(cls as ts.ClassDeclaration).name!.text}.${methodName}`;
  if (!isAsync) {
    out.findings.push(finding("notAsync", method.name, { fn: name, marker, declare: `static async ${methodName}(...)`, wrapper: methodName! }));
    return;
  }
  if (method.body === undefined) return;
  const s = checker.getSymbolAtLocation(method.name);
  if (s !== undefined) out.marked.add(s);
  out.sites.push({ sourceFile: sf, site: decorator, marker, name, markedBy: marker, fn: method, roots: [cls as ts.ClassDeclaration], entry: { kind: "named", name }, key: uniqueKey(keys, sf, name) });
}

/** Every marked function of the program, each with what it needs; then every problem. */
function findSites(ctx: Context): Found {
  const { ts } = ctx;
  const out: Found = { sites: [], findings: [], marked: new Set() };
  const keys = new Map<ts.SourceFile, Set<string>>();
  const files = userFiles(ctx);
  const candidates = candidateFiles(new Map(files.map((sf) => [sf.fileName, sf.text])));
  for (const sf of files) {
    if (!candidates.has(sf.fileName)) continue; // no marker can be in it (candidates.cts)
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) {
        const marker = markerOf(ctx, node);
        if (marker !== undefined) callSite(ctx, sf, node, marker, keys, out);
        else {
          const taker = takerOf(ctx, node);
          if (taker !== undefined) literalSite(ctx, sf, node, taker, keys, out);
        }
      } else if (ts.isFunctionDeclaration(node)) {
        const marker = jsdocMarkerOf(ctx, node);
        if (marker !== undefined) declarationSite(ctx, sf, node, marker, keys, out);
      } else if (ts.isDecorator(node) && ts.isMethodDeclaration(node.parent)) {
        const marker = markerOfExpression(ctx, node.expression);
        if (marker !== undefined) methodSite(ctx, sf, node, node.parent, marker, keys, out);
        return; // the decorator's expression is the marker, not a call to look into
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}

/** `layout` defaults to tsc's: a `__tamed__/` folder next to each emitted file. */
export function analyze(ctx: Context, layout: Layout = (sf, key) => workerModule(ctx, sf, key)): Analysis {
  const { ts, checker } = ctx;
  const found = findSites(ctx);
  const findings = [...found.findings];
  const sliced = new Set([...found.sites.map((s) => s.sourceFile), ...found.findings.flatMap((f) => (f.at === undefined ? [] : [f.at.file]))]);
  const graph = new ModuleGraph(ctx);
  const isCallOf = (call: ts.CallExpression): boolean => {
    const callee = call.expression;
    const id = ts.isIdentifier(callee) ? callee : ts.isPropertyAccessExpression(callee) ? callee.name : undefined;
    const s = id === undefined ? undefined : checker.getSymbolAtLocation(id);
    return s !== undefined && found.marked.has(resolveAlias(ctx, s));
  };
  const effects = new EffectAnalysis(
    ctx,
    graph,
    (call) => isCallOf(call) || takerOf(ctx, call) !== undefined,
    (call) => markerOf(ctx, call) !== undefined || takerOf(ctx, call) !== undefined,
  );
  const carrier = new Carrier(ctx, graph, effects, sliced);
  const carried: { site: Site; carry: Carry; problems: Finding[] }[] = [];
  for (const site of found.sites) {
    const c = carrier.carry(site.sourceFile, site.roots, site.fn, { fnName: site.name, marker: site.markedBy, skip: site.unwrap?.callee });
    // The stub itself is used by carried code (a recursive call, another marked function, an
    // import cycle): the worker keeps the marker, so those calls get tasks as typed.
    let unwrap = site.unwrap !== undefined;
    if (site.unwrap !== undefined) {
      const stub = checker.getSymbolAtLocation(site.unwrap.stub);
      if (stub === undefined || c.refs.has(stub)) {
        c.referenceSkipped();
        unwrap = false;
      }
    }
    const entry: WorkerEntry = site.entry.kind === "named" && unwrap ? { ...site.entry, unwrap: site.site as ts.CallExpression } : site.entry;
    const problems = [...boundaryKeywords(ctx, site.fn, site.name, site.markedBy), ...c.findings, ...uncloneableSignature(ctx, site.fn, site.name)];
    carried.push({ site: { ...site, entry }, carry: c, problems });
  }
  const later = new LaterWrites(ctx, effects, userFiles(ctx), new Map(found.sites.map((s) => [s.fn, s.name])));
  later.prepare(carried.flatMap((x) => [...x.carry.reads.keys()]));
  const functions: MarkedFunction[] = [];
  /** Per file with markers: the namespace name of each module whose error classes it imports. */
  const errorLocals = new Map<ts.SourceFile, Map<ts.SourceFile, string>>();
  for (const { site, carry, problems } of carried) {
    problems.push(...later.check(carry, site.name));
    findings.push(...problems);
    if (problems.length > 0) continue;
    const errorClasses = errorClassesOf(ctx, carry.localRefs);
    let locals = errorLocals.get(site.sourceFile);
    if (locals === undefined) errorLocals.set(site.sourceFile, (locals = new Map()));
    const errorImports = errorImportsOf(ctx, carry, site.sourceFile, new Set(errorClasses), locals);
    functions.push({
      sourceFile: site.sourceFile,
      site: site.site,
      marker: site.marker,
      name: site.name,
      carry,
      entry: site.entry,
      module: layout(site.sourceFile, site.key),
      errorClasses,
      errorImports,
    });
  }
  const bySite = new Map<ts.Node, MarkedFunction>(functions.map((f) => [f.site, f]));
  const readNames = new Set(carried.flatMap((x) => [...x.carry.reads.keys()].map((s) => s.getName())));
  return { functions, bySite, findings, readNames };
}
