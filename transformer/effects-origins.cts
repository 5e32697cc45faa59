/**
 * What a value written through may be: the module-level bindings of the user's it may be
 * (or be part of), and the packages it may belong to. effects-writes.cts classifies a
 * write by the name it is rooted at; this follows that name to where its value came from,
 * so that a write through another name still counts as a write of what it reaches:
 *
 *   const target = LOOKUP; target.two = 2;           // LOOKUP
 *   const { names } = STATE; names.push("x");        // STATE
 *   getRegistry().set("answer", 42);                 // what getRegistry returns
 *   for (const [t, v] of [[EVEN, 2], [ODD, 1]]) t.fill(v);   // EVEN, ODD
 *   (littleEndian ? LE : BE).push(4);                // LE, BE
 *   const add = scores.set.bind(scores); add(k, v);  // scores
 *   Settings.defaultZone = "Asia/Tokyo";             // the package Settings comes from
 *
 * An over-approximation: a value may be any of the names it was computed from by access,
 * choice or a call's receiver (a method may return its receiver or a part of it), or what a
 * user's function returns. Arguments of calls and `new` are not followed: their result is
 * taken to be fresh. Depth and cycles are bounded; the answer for a declaration is memoised.
 */
import type * as ts from "typescript";
import type { Context } from "./context.cjs";
import { BUFFER_VIEWS, functionOf, isModuleLevel, isUserFile, resolveAlias, skipOuter } from "./nodes.cjs";

export interface Origins {
  /** Module-level bindings of the user's files, by their declaration's symbol. */
  readonly bindings: Set<ts.Symbol>;
  /** Packages (and Node's built-in modules), by name: `luxon`, `@scope/name`, `http`. */
  readonly packages: Set<string>;
}

const MAX_DEPTH = 8;

/**
 * Built-ins whose constructor keeps what it is given: collections, and views of a buffer's
 * memory (`new DataView(TABLE.buffer)`, `new Uint8Array(BUF)`), which write what they view.
 */
const COLLECTIONS: ReadonlySet<string> = new Set(["Map", "Set", "WeakMap", "WeakSet", "Array", ...BUFFER_VIEWS]);
/** Built-in functions whose result holds the parts of their first argument. */
const PARTS_OF_ARGUMENT: ReadonlySet<string> = new Set(["Object.values", "Object.entries", "Array.from", "Array.of"]);

/** The package a bare import specifier names: `lodash/fp` is lodash, `node:fs/promises` is fs. */
export function packageName(specifier: string): string | undefined {
  if (specifier.startsWith(".") || specifier.startsWith("/") || specifier.startsWith("#")) return undefined;
  const bare = specifier.startsWith("node:") ? specifier.slice(5) : specifier;
  const parts = bare.split("/");
  return bare.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/**
 * The package a local import binding comes from, when it is one: its import names a bare
 * specifier, and what it resolves to is not a file of the user's (a `paths` alias or a
 * package.json `imports` entry that leads to the user's own sources is not a package); or a
 * CommonJS `const x = require("pkg")` (requiredPackage).
 */
export function packageOf(ctx: Context, local: ts.Symbol): string | undefined {
  const { ts } = ctx;
  const d = local.declarations?.[0];
  if (d === undefined) return undefined;
  if (!(local.flags & ts.SymbolFlags.Alias)) return requiredPackage(ctx, d);
  let spec: ts.Expression | undefined;
  if (ts.isImportEqualsDeclaration(d)) {
    if (ts.isExternalModuleReference(d.moduleReference)) spec = d.moduleReference.expression;
  } else {
    for (let n: ts.Node | undefined = d; n !== undefined; n = n.parent)
      if (ts.isImportDeclaration(n)) {
        spec = n.moduleSpecifier;
        break;
      }
  }
  if (spec === undefined || !ts.isStringLiteral(spec)) return undefined;
  const name = packageName(spec.text);
  if (name === undefined) return undefined;
  const target = resolveAlias(ctx, local).declarations?.[0];
  return target !== undefined && isUserFile(ctx, target.getSourceFile()) ? undefined : name;
}

/**
 * The package a CommonJS `const luxon = require("luxon")` names (or `const { Settings } = ...` a part
 * of): in a TypeScript file that value is typed `any` (TypeScript resolves only `import x =
 * require(...)`), yet it is the package itself.
 */
function requiredPackage(ctx: Context, declaration: ts.Declaration): string | undefined {
  const { ts } = ctx;
  // `const { Settings } = require("luxon")`: a part of the package.
  let d: ts.Node = declaration;
  while (ts.isBindingElement(d)) d = d.parent.parent;
  if (!ts.isVariableDeclaration(d) || d.initializer === undefined) return undefined;
  if (!ts.isVariableDeclarationList(d.parent) || (d.parent.flags & ts.NodeFlags.Const) === 0) return undefined;
  const call = skipOuter(ts, d.initializer);
  if (!ts.isCallExpression(call) || !ts.isIdentifier(call.expression) || call.expression.text !== "require")
    return undefined;
  const spec = call.arguments[0];
  if (call.arguments.length !== 1 || spec === undefined || !ts.isStringLiteralLike(spec)) return undefined;
  // Node's own `require`, not a function of the user's of that name.
  const own = ctx.checker.getSymbolAtLocation(call.expression)?.declarations ?? [];
  if (own.some((x) => isUserFile(ctx, x.getSourceFile()))) return undefined;
  return packageName(spec.text);
}

export class OriginFinder {
  /** Origins of what a declaration holds, once worked out. */
  readonly #memo = new Map<ts.Node, Origins>();

  constructor(
    readonly ctx: Context,
    /** The user's functions a callee names (WriteSites.calleeFunctions). */
    readonly calleeFunctions: (callee: ts.Expression, isNew: boolean) => ts.Node[],
  ) {}

  /** What `e` may be, as module-level bindings and packages. */
  of(e: ts.Expression): Origins {
    const out: Origins = { bindings: new Set(), packages: new Set() };
    this.#expression(e, out, new Set(), 0);
    return out;
  }

  #expression(e: ts.Expression, out: Origins, seen: Set<ts.Node>, depth: number): void {
    const { ts } = this.ctx;
    if (depth > MAX_DEPTH) return;
    e = skipOuter(ts, e);
    if (ts.isIdentifier(e)) return this.#identifier(e, out, seen, depth);
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
      // A getter of the user's (`static get table() { return T }`): reading it gives what it returns.
      if (ts.isPropertyAccessExpression(e))
        for (const d of this.ctx.checker.getSymbolAtLocation(e.name)?.declarations ?? [])
          if (ts.isGetAccessorDeclaration(d) && isUserFile(this.ctx, d.getSourceFile()))
            for (const r of returned(ts, d)) this.#expression(r, out, seen, depth + 1);
      return this.#expression(e.expression, out, seen, depth);
    }
    if (ts.isConditionalExpression(e)) {
      this.#expression(e.whenTrue, out, seen, depth);
      return this.#expression(e.whenFalse, out, seen, depth);
    }
    if (ts.isBinaryExpression(e)) {
      const op = e.operatorToken.kind;
      const either =
        op === ts.SyntaxKind.QuestionQuestionToken ||
        op === ts.SyntaxKind.BarBarToken ||
        op === ts.SyntaxKind.AmpersandAmpersandToken;
      if (either) this.#expression(e.left, out, seen, depth);
      if (either || op === ts.SyntaxKind.EqualsToken || op === ts.SyntaxKind.CommaToken)
        this.#expression(e.right, out, seen, depth);
      return;
    }
    if (ts.isArrayLiteralExpression(e)) {
      for (const el of e.elements) this.#expression(ts.isSpreadElement(el) ? el.expression : el, out, seen, depth);
      return;
    }
    if (ts.isObjectLiteralExpression(e)) {
      for (const p of e.properties) {
        if (ts.isPropertyAssignment(p)) this.#expression(p.initializer, out, seen, depth);
        else if (ts.isShorthandPropertyAssignment(p)) this.#identifier(p.name, out, seen, depth);
        else if (ts.isSpreadAssignment(p)) this.#expression(p.expression, out, seen, depth);
        // `get table() { return T }`: reading it gives T.
        else if (ts.isGetAccessorDeclaration(p))
          for (const r of returned(ts, p)) this.#expression(r, out, seen, depth + 1);
      }
      return;
    }
    if (ts.isAwaitExpression(e)) return this.#expression(e.expression, out, seen, depth);
    if (ts.isCallExpression(e)) return this.#call(e, out, seen, depth);
    // Collections built from what they hold (`new Map([["le", LE]])` holds LE), views of a buffer.
    if (ts.isNewExpression(e) && ts.isIdentifier(e.expression) && COLLECTIONS.has(e.expression.text))
      for (const a of e.arguments ?? []) this.#expression(a, out, seen, depth + 1);
  }

  /**
   * A call's result: what the user's function returns, else (a method) its receiver, or (a
   * value called) that value. Never a package's own state: what a package's function returns
   * (`createHash("sha256")`) is taken to be made for the caller.
   */
  #call(call: ts.CallExpression, into: Origins, seen: Set<ts.Node>, depth: number): void {
    const out: Origins = { bindings: into.bindings, packages: new Set() };
    const { ts } = this.ctx;
    const callee = skipOuter(ts, call.expression);
    // Object.values(TABLES), Array.from(LIST): the parts of their argument.
    if (
      ts.isPropertyAccessExpression(callee) &&
      ts.isIdentifier(callee.expression) &&
      PARTS_OF_ARGUMENT.has(`${callee.expression.text}.${callee.name.text}`)
    ) {
      if (call.arguments[0] !== undefined) this.#expression(call.arguments[0], out, seen, depth + 1);
      return;
    }
    const targets = this.calleeFunctions(callee, false);
    if (targets.length > 0) {
      for (const f of targets) {
        if (seen.has(f)) continue;
        seen.add(f);
        for (const r of returned(ts, f)) this.#expression(r, out, seen, depth + 1);
      }
      return;
    }
    if (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee))
      return this.#expression(callee.expression, out, seen, depth + 1);
    if (ts.isIdentifier(callee)) this.#expression(callee, out, seen, depth + 1);
  }

  #identifier(id: ts.Identifier, out: Origins, seen: Set<ts.Node>, depth: number): void {
    const { ts, checker } = this.ctx;
    const local = checker.getSymbolAtLocation(id);
    if (local === undefined) return;
    const pkg = packageOf(this.ctx, local);
    if (pkg !== undefined) {
      out.packages.add(pkg);
      return;
    }
    const symbol = resolveAlias(this.ctx, local);
    const decl = symbol.declarations?.[0];
    if (decl === undefined || !isUserFile(this.ctx, decl.getSourceFile())) return;
    if (ts.isSourceFile(decl)) return this.#module(decl, symbol, out);
    if (isModuleLevel(ts, decl)) out.bindings.add(symbol);
    if (seen.has(decl)) return;
    seen.add(decl);
    let memo = this.#memo.get(decl);
    if (memo === undefined) {
      memo = { bindings: new Set(), packages: new Set() };
      for (const source of this.#sources(decl)) this.#expression(source, memo, seen, depth + 1);
      this.#memo.set(decl, memo);
    }
    for (const b of memo.bindings) out.bindings.add(b);
    for (const p of memo.packages) out.packages.add(p);
  }

  /**
   * A module's object itself (`const { list } = data` of a JSON module): a JSON module is
   * one binding (effects-binding.cts). A module of code's namespace (`const ns = config`)
   * is not followed: which export a write through it reaches is not known here, and taking
   * it for all of them kept main-only lines that only hand the namespace around (a banner
   * printing it) on workers.
   */
  #module(file: ts.SourceFile, symbol: ts.Symbol, out: Origins): void {
    if (/\.json$/.test(file.fileName)) out.bindings.add(symbol);
  }

  /**
   * Where a declared name's value comes from: its initializer (a destructured part of it),
   * the elements of what a `for...of` iterates, or for a callback's parameter the receiver
   * of the method it was given to (`[EVEN, ODD].forEach((t) => t.fill(0))`).
   */
  #sources(decl: ts.Node): ts.Expression[] {
    const { ts } = this.ctx;
    let d: ts.Node = decl;
    while (ts.isBindingElement(d)) d = d.parent.parent; // up through { a } and [a] patterns
    if (ts.isVariableDeclaration(d)) {
      if (d.initializer !== undefined) return functionOf(ts, d) === undefined ? [d.initializer] : [];
      const list = d.parent;
      if (ts.isVariableDeclarationList(list) && (ts.isForOfStatement(list.parent) || ts.isForInStatement(list.parent)))
        return ts.isForOfStatement(list.parent) ? [list.parent.expression] : [];
      return [];
    }
    if (ts.isParameter(d)) {
      const fn = d.parent;
      const call = fn.parent;
      if (
        (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) &&
        ts.isCallExpression(call) &&
        call.arguments.includes(fn as ts.Expression)
      ) {
        const callee = skipOuter(ts, call.expression);
        if (ts.isPropertyAccessExpression(callee)) return [callee.expression];
      }
    }
    return [];
  }
}

/** The expressions a function returns (or yields): its `return` statements' (not those of functions inside it), or an arrow's body. */
export function returned(ts: typeof import("typescript"), f: ts.Node): ts.Expression[] {
  if (ts.isArrowFunction(f) && !ts.isBlock(f.body)) return [f.body];
  const body = (f as ts.FunctionLikeDeclaration).body;
  if (body === undefined) return [];
  const out: ts.Expression[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isFunctionLike(n) || ts.isClassLike(n)) return;
    if (ts.isReturnStatement(n) && n.expression !== undefined) out.push(n.expression);
    if (ts.isYieldExpression(n) && n.expression !== undefined) out.push(n.expression); // a generator's values
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(body, visit);
  return out;
}

/** Whether an expression's type is a primitive: a value that holds no object, so a write through it changes nothing. */
export function isPrimitive(ctx: Context, e: ts.Expression): boolean {
  const { ts, checker } = ctx;
  const flags = checker.getTypeAtLocation(e).flags;
  const primitives =
    ts.TypeFlags.NumberLike |
    ts.TypeFlags.StringLike |
    ts.TypeFlags.BooleanLike |
    ts.TypeFlags.BigIntLike |
    ts.TypeFlags.ESSymbolLike |
    ts.TypeFlags.Undefined |
    ts.TypeFlags.Null |
    ts.TypeFlags.Void;
  return (flags & primitives) !== 0 && (flags & ts.TypeFlags.Union) === 0;
}
