/**
 * One pass over the program: every marked function, what its worker needs, and
 * every problem, before any file is emitted. Done once per program.
 */
import type * as ts from "typescript";
import type { Context } from "./context.cjs";
import { finding, type Finding } from "./diagnostics.cjs";
import { workerModule } from "./emit-paths.cjs";
import { jsdocMarkerOf, markerOf, markerOfExpression, takerOf, type MarkerKind, type Taker } from "./markers.cjs";
import { uncloneableSignature } from "./cloneable.cjs";
import { boundaryKeywords, slice, topStatement } from "./slice.cjs";
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
  /** Top-level statements its worker module keeps. */
  readonly keep: ReadonlySet<ts.Statement>;
  /** How the worker module exports the function. */
  readonly entry: WorkerEntry;
  /** Error classes the worker may throw that the stub's module can name: rebuilt as themselves on the caller's side. */
  readonly errorClasses: readonly string[];
  /** The worker module: path under the output root (no extension), and relative to the stub. */
  readonly module: { readonly out: string; readonly fromStub: string };
}

/** Where a function's worker module goes: under the output root (no extension), and relative to its stub. */
export type Layout = (sf: ts.SourceFile, key: string) => { readonly out: string; readonly fromStub: string };

export interface Analysis {
  readonly functions: readonly MarkedFunction[];
  readonly bySite: ReadonlyMap<ts.Node, MarkedFunction>;
  readonly findings: readonly Finding[];
}

/** Files tsc compiles from the user's sources (not lib files, not packages, not .d.ts). */
export function userFiles(ctx: Context): ts.SourceFile[] {
  const { program } = ctx;
  return program.getSourceFiles().filter((sf) => !sf.isDeclarationFile && !program.isSourceFileFromExternalLibrary(sf) && !program.isSourceFileDefaultLibrary(sf));
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
 * Whether any kept code (the function itself included) uses the variable that
 * `const f = makeAsync(...)` declares. When none does, the worker module can hold the
 * bare function instead of the marked one (see WorkerEntry `unwrap`).
 */
function referencedIn(ctx: Context, keep: ReadonlySet<ts.Statement>, call: ts.CallExpression): boolean {
  const { ts, checker } = ctx;
  const decl = call.parent as ts.VariableDeclaration;
  const name = decl.name as ts.Identifier;
  const target = checker.getSymbolAtLocation(name);
  if (target === undefined) return true;
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(n) && n !== name && n.text === name.text) {
      const sym = ts.isShorthandPropertyAssignment(n.parent) && n.parent.name === n ? checker.getShorthandAssignmentValueSymbol(n.parent) : checker.getSymbolAtLocation(n);
      if (sym === target) found = true;
    }
    ts.forEachChild(n, visit);
  };
  for (const stmt of keep) visit(stmt);
  return found;
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
 * The names of Error subclasses the sliced code reads as values: classes declared at
 * module level, and classes imported by name. The stub's module has each under that
 * name (a value use keeps its import), so the caller's side can rebuild a thrown one as
 * an instance of the real class.
 */
function errorClassesOf(ctx: Context, refs: ReadonlySet<ts.Symbol>): string[] {
  const { ts, checker } = ctx;
  const names: string[] = [];
  for (const ref of refs) {
    const symbol = ref.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(ref) : ref;
    if (!(symbol.flags & ts.SymbolFlags.Class)) continue;
    if (ref.flags & ts.SymbolFlags.Alias && !ref.declarations?.some((d) => ts.isImportSpecifier(d) || ts.isImportClause(d))) continue; // a namespace member needs its namespace
    if (extendsError(ctx, checker.getDeclaredTypeOfSymbol(symbol))) names.push(ref.getName());
  }
  return names;
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

interface Collected {
  readonly functions: MarkedFunction[];
  readonly findings: Finding[];
  readonly keys: Map<ts.SourceFile, Set<string>>;
  readonly layout: Layout;
}

function analyzeCall(ctx: Context, sf: ts.SourceFile, call: ts.CallExpression, marker: MarkerKind, out: Collected): void {
  const { ts } = ctx;
  const fn = call.arguments[0];
  if (fn === undefined || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) {
    out.findings.push(finding("notAFunctionLiteral", fn ?? call, { marker, got: fn === undefined ? "no argument" : describe(ts, fn) }));
    return;
  }
  const name = declaredName(ts, call);
  const whole = isModuleLevelConst(ts, call);
  const root = whole ? topStatement(call) : fn;
  const s = slice(ctx, root, name, marker);
  const problems = [...boundaryKeywords(ctx, fn, name, marker), ...s.findings, ...uncloneableSignature(ctx, fn, name)];
  out.findings.push(...problems);
  if (problems.length > 0) return;
  const keep = new Set(s.keep);
  if (whole) keep.add(topStatement(call));
  const entry: WorkerEntry = whole ? { kind: "named", name, unwrap: referencedIn(ctx, keep, call) ? undefined : call } : { kind: "literal", node: fn };
  const module = out.layout(sf, uniqueKey(out.keys, sf, name));
  out.functions.push({ sourceFile: sf, site: call, marker, name, keep, entry, module, errorClasses: errorClassesOf(ctx, s.refs) });
}

/**
 * `scope.spawn((x: number) => ..., 1)`: the literal is extracted as if it were marked,
 * with makeAsync, or tamed when it is an async function.
 */
function analyzeLiteral(ctx: Context, sf: ts.SourceFile, call: ts.CallExpression, taker: Taker, out: Collected): void {
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
  const s = slice(ctx, fn, name, taker);
  const problems = [...boundaryKeywords(ctx, fn, name, taker), ...s.findings, ...uncloneableSignature(ctx, fn, name)];
  out.findings.push(...problems);
  if (problems.length > 0) return;
  const keep = new Set(s.keep);
  const module = out.layout(sf, uniqueKey(out.keys, sf, `${taker}.${declaredName(ts, call)}`));
  out.functions.push({ sourceFile: sf, site: fn, marker, name, keep, entry: { kind: "literal", node: fn }, module, errorClasses: errorClassesOf(ctx, s.refs) });
}

/**
 * `/** @tamed *\/ async function f() {}`. At module level the declaration is kept whole
 * in the worker module (an anonymous `export default` one is the default export as it
 * stands); nested in a function, only the declaration itself goes.
 */
function analyzeDeclaration(ctx: Context, sf: ts.SourceFile, decl: ts.FunctionDeclaration, marker: MarkerKind, out: Collected): void {
  const { ts } = ctx;
  const name = decl.name?.text ?? "default";
  const isAsync = ts.getModifiers(decl)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) ?? false;
  if (!isAsync) {
    out.findings.push(finding("notAsync", decl.name ?? decl, { fn: name, marker, declare: `async function ${name}(...)`, wrapper: name }));
    return;
  }
  if (decl.body === undefined) return; // an overload signature; the implementation carries the mark
  const atTop = ts.isSourceFile(decl.parent);
  const s = slice(ctx, decl, name, marker);
  const problems = [...boundaryKeywords(ctx, decl, name, marker), ...s.findings, ...uncloneableSignature(ctx, decl, name)];
  out.findings.push(...problems);
  if (problems.length > 0) return;
  const keep = new Set(s.keep);
  if (atTop) keep.add(decl);
  const entry: WorkerEntry = !atTop ? { kind: "literal", node: decl } : decl.name === undefined ? { kind: "asIs", statement: decl } : { kind: "named", name };
  const module = out.layout(sf, uniqueKey(out.keys, sf, name));
  out.functions.push({ sourceFile: sf, site: decl, marker, name, keep, entry, module, errorClasses: errorClassesOf(ctx, s.refs) });
}

/**
 * `@makeAsync static async m() {}` in a class declared at module level. The worker
 * module carries the class (its decorator, in a worker, makes an inline stub) and
 * exports `Class.method`, whose original function the worker calls.
 */
function analyzeMethod(ctx: Context, sf: ts.SourceFile, decorator: ts.Decorator, method: ts.MethodDeclaration, marker: MarkerKind, out: Collected): void {
  const { ts } = ctx;
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
  const s = slice(ctx, method, name, marker);
  const problems = [...boundaryKeywords(ctx, method, name, marker), ...s.findings, ...uncloneableSignature(ctx, method, name)];
  out.findings.push(...problems);
  if (problems.length > 0) return;
  const keep = new Set(s.keep);
  keep.add(cls as ts.ClassDeclaration);
  const module = out.layout(sf, uniqueKey(out.keys, sf, name));
  out.functions.push({ sourceFile: sf, site: decorator, marker, name, keep, entry: { kind: "named", name }, module, errorClasses: errorClassesOf(ctx, s.refs) });
}

/** `layout` defaults to tsc's: a `__tamed__/` folder next to each emitted file. */
export function analyze(ctx: Context, layout: Layout = (sf, key) => workerModule(ctx, sf, key)): Analysis {
  const { ts } = ctx;
  const out: Collected = { functions: [], findings: [], keys: new Map(), layout };
  for (const sf of userFiles(ctx)) {
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) {
        const marker = markerOf(ctx, node);
        if (marker !== undefined) analyzeCall(ctx, sf, node, marker, out);
        else {
          const taker = takerOf(ctx, node);
          if (taker !== undefined) analyzeLiteral(ctx, sf, node, taker, out);
        }
      } else if (ts.isFunctionDeclaration(node)) {
        const marker = jsdocMarkerOf(ctx, node);
        if (marker !== undefined) analyzeDeclaration(ctx, sf, node, marker, out);
      } else if (ts.isDecorator(node) && ts.isMethodDeclaration(node.parent)) {
        const marker = markerOfExpression(ctx, node.expression);
        if (marker !== undefined) analyzeMethod(ctx, sf, node, node.parent, marker, out);
        return; // the decorator's expression is the marker, not a call to slice
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  const bySite = new Map<ts.Node, MarkedFunction>(out.functions.map((f) => [f.site, f]));
  return { functions: out.functions, bySite, findings: out.findings };
}
