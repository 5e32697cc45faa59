/**
 * Module state the main thread changes after load, which a worker never sees.
 *
 * A worker loads its own copy of each module: it sees module-level variables as they are
 * once the module has loaded, then changes them only by running code itself. So a marked
 * function may read a module-level variable (in any file of the user's) only if nothing
 * else changes it after load: a change made by code the worker also runs is its own (a
 * cache filled on first use fills per worker, and computes the same there), but a change
 * made by code only the main thread runs (`setDefaultOptions(...)`, a `main()` that
 * configures, a top-level statement of a module the worker does not load) would leave
 * the worker computing with the old value. Such a write is refused (TS77002) where it is,
 * with the function that reads the variable named.
 *
 * Writes are the same as EffectAnalysis's sure ones: reassignment, `++`, `delete`,
 * property and element writes, mutators of built-ins, `Object.assign`, and writes a
 * user's function makes through its parameters or `this`. Packages are not looked into.
 */
import * as path from "node:path";
import type * as ts from "typescript";
import type { Carry } from "./carry.cjs";
import type { Context } from "./context.cjs";
import type { EffectAnalysis } from "./effects.cjs";
import { finding, where, type Finding } from "./diagnostics.cjs";
import { returned } from "./effects-origins.cjs";
import { unloaded } from "./import-advice.cjs";
import { calledOn, parsesCommandLine } from "./package-calls.cjs";
import type { Programs } from "./programs.cjs";
import { enclosingFunction, isUserFile, rootOf, skipOuter, topStatement, type FunctionNode } from "./nodes.cjs";

export interface WriteSite {
  readonly node: ts.Node;
  /** The innermost function around the write, or undefined at a module's top level. */
  readonly fn: ts.Node | undefined;
}

export class LaterWrites {
  readonly #sites = new Map<ts.Symbol, WriteSite[]>();
  /** The files scanned, by name. */
  readonly #scanned = new Set<string>();

  constructor(
    readonly ctx: Context,
    readonly effects: EffectAnalysis,
    /** The user's files' texts, by name (analyze.cts userTexts): a file's AST is fetched only if its text names a variable. */
    readonly texts: ReadonlyMap<string, string>,
    /** The name of a marked function, by its function node. */
    readonly marked: ReadonlyMap<ts.Node, string>,
    readonly programs: Programs,
  ) {}

  /** Indexes the writes of these variables across the user's files (once for all marked functions). */
  prepare(symbols: Iterable<ts.Symbol>): void {
    const names = new Set<string>();
    for (const s of symbols)
      if (!this.#sites.has(s)) {
        names.add(s.getName());
        // A write may go through a function that hands the variable out (`limits().max = 10`).
        for (const a of this.#accessors(s)) names.add(a);
      }
    if (names.size === 0) return;
    // A file can write a variable only if it names it (an import renames it in the same file).
    const pattern = new RegExp(`\\b(?:${[...names].map((n) => n.replace(/[$]/g, "\\$")).join("|")})\\b`);
    for (const [name, text] of this.texts) {
      if (this.#scanned.has(name) || !pattern.test(text)) continue;
      this.#scanned.add(name);
      this.#scan(this.ctx.program.getSourceFile(name)!, names);
    }
  }

  #scan(sf: ts.SourceFile, wanted: ReadonlySet<string>): void {
    const { ts } = this.ctx;
    // The names a write in this file could go through: the variables', and what the file
    // imports them as (a renamed import, a namespace).
    const names = new Set(wanted);
    for (const s of sf.statements) {
      const nb = ts.isImportDeclaration(s) ? s.importClause?.namedBindings : undefined;
      if (nb === undefined) continue;
      if (ts.isNamespaceImport(nb)) names.add(nb.name.text);
      else for (const e of nb.elements) if (wanted.has((e.propertyName ?? e.name).text)) names.add(e.name.text);
    }
    const named = (e: ts.Expression | undefined): boolean => {
      if (e === undefined) return false;
      let r = rootOf(ts, ts.isSpreadElement(e) ? e.expression : e);
      if (ts.isCallExpression(r)) r = skipOuter(ts, r.expression); // limits().set(...)
      return ts.isIdentifier(r) && names.has(r.text);
    };
    // Only a node that names one of them can write one (the costly symbol lookups come after).
    const mayWrite = (n: ts.Node): boolean => {
      if (ts.isCallExpression(n) || ts.isNewExpression(n)) {
        const callee = n.expression;
        return (
          (ts.isPropertyAccessExpression(callee) && named(callee.expression)) ||
          (n.arguments ?? []).some((a) => named(a))
        );
      }
      return (
        ts.isBinaryExpression(n) ||
        ts.isPrefixUnaryExpression(n) ||
        ts.isPostfixUnaryExpression(n) ||
        ts.isDeleteExpression(n)
      );
    };
    const record = (symbol: ts.Symbol, n: ts.Node): void => {
      let list = this.#sites.get(symbol);
      if (list === undefined) this.#sites.set(symbol, (list = []));
      list.push({ node: n, fn: enclosingFunction(ts, n) });
    };
    const visit = (n: ts.Node, fn: FunctionNode | undefined): void => {
      if (ts.isTypeNode(n) || ts.isInterfaceDeclaration(n) || ts.isTypeAliasDeclaration(n)) return;
      // A command line parsed (`program.parse()`, also at the end of a chain of `option(...)`)
      // fills what the chain starts from with the options: the value the function reads by
      // `program.opts()`, only the main thread's where no worker runs the call (carry-setup.cts
      // keeps it where the worker's code reads that value, and a worker runs it).
      if (ts.isCallExpression(n) && parsesCommandLine(this.ctx, n)) {
        const on = calledOn(this.ctx, n);
        if (on !== undefined) record(on, n);
      }
      if (mayWrite(n))
        this.effects.writesAt(n, fn, (target, sure) => {
          if (!sure) return;
          const root = rootOf(ts, target);
          const b = this.effects.binding(root, fn);
          const written =
            b.kind === "module"
              ? [b.symbol]
              : ts.isCallExpression(root)
                ? this.effects.returnedBindings(root) // limits().max = 10
                : [];
          for (const symbol of written) record(symbol, n);
        });
      const inner = ts.isFunctionLike(n) && "body" in n ? (n as FunctionNode) : fn;
      ts.forEachChild(n, (c) => visit(c, inner));
    };
    visit(sf, undefined);
  }

  /**
   * The names of module-level functions in the variable's own file that return it as it is
   * (`function limits() { return LIMITS; }`): code elsewhere can write it through them.
   */
  #accessors(symbol: ts.Symbol): string[] {
    const { ts } = this.ctx;
    const decl = symbol.declarations?.[0];
    if (decl === undefined) return [];
    const out: string[] = [];
    for (const s of decl.getSourceFile().statements) {
      const candidates: [string, ts.Node][] = [];
      if (ts.isFunctionDeclaration(s) && s.name !== undefined && s.body !== undefined)
        candidates.push([s.name.text, s]);
      else if (ts.isVariableStatement(s))
        for (const d of s.declarationList.declarations) {
          const f = d.initializer === undefined ? undefined : skipOuter(ts, d.initializer);
          if (ts.isIdentifier(d.name) && f !== undefined && (ts.isArrowFunction(f) || ts.isFunctionExpression(f)))
            candidates.push([d.name.text, f]);
        }
      for (const [name, f] of candidates)
        if (
          returned(ts, f).some((r) => {
            const root = rootOf(ts, r);
            return ts.isIdentifier(root) && root.text === symbol.getName();
          })
        )
          out.push(name);
    }
    return out;
  }

  /** The writes, after load and outside the worker's code, of what the carried code reads. */
  check(carry: Carry, fnName: string, fnFile: ts.SourceFile): Finding[] {
    const findings: Finding[] = [];
    for (const [symbol, read] of carry.reads) {
      if (carry.refusedSetup.has(symbol)) continue; // TS77010 says it already, at the statement
      // A class is the module's, as a variable is, but other processes of the project use classes
      // too: what a script or a unit test of the class changes of it is not the function's program's.
      const isClass = (symbol.declarations ?? []).some((d) => this.ctx.ts.isClassDeclaration(d));
      for (const site of this.#sites.get(symbol) ?? []) {
        if (workerRuns(this.ctx, carry, site)) continue;
        if (isClass && !this.programs.of(fnFile).has(site.node.getSourceFile())) continue;
        const inMarked = markedAround(this.marked, site.node);
        const sf = site.node.getSourceFile();
        // A statement of a file the worker does not load changes it as that file loads, not after.
        const notLoaded =
          site.fn === undefined && !carry.kept.has(sf) && !carry.whole.has(sf)
            ? unloaded(this.effects.graph, this.ctx.cwd, sf, fnFile)
            : undefined;
        findings.push(
          finding(
            "laterWrite",
            site.node,
            {
              fn: fnName,
              name: symbol.getName(),
              readAt: where(read, this.ctx.cwd, path.relative),
              writer: describeWriter(this.ctx.ts, site, inMarked),
              byMarked: inMarked !== undefined,
              unloaded: notLoaded,
            },
            [{ node: read, message: `${fnName} reads '${symbol.getName()}' here, on a worker.` }],
          ),
        );
      }
    }
    return findings;
  }
}

/** The marked function (by name) a node is inside, if any. */
export function markedAround(marked: ReadonlyMap<ts.Node, string>, node: ts.Node): string | undefined {
  for (let n: ts.Node | undefined = node; n !== undefined; n = n.parent) {
    const name = marked.get(n);
    if (name !== undefined) return name;
  }
  return undefined;
}

/** Whether the worker runs this write itself: in a function it may call, or in load-time code it loads. */
export function workerRuns(ctx: Context, carry: Carry, site: WriteSite): boolean {
  if (site.fn !== undefined) {
    for (let n: ts.Node | undefined = site.fn; n !== undefined && !ctx.ts.isSourceFile(n); n = n.parent)
      if (carry.reached.has(n)) return true;
    return false;
  }
  const sf = site.node.getSourceFile();
  if (!isUserFile(ctx, sf)) return true;
  return carry.whole.has(sf) || (carry.kept.get(sf)?.has(topStatement(site.node)) ?? false);
}

/** What makes a write, for messages: a marked function, a top-level statement of a file, a function. */
export function describeWriter(ts: typeof import("typescript"), site: WriteSite, inMarked: string | undefined): string {
  return inMarked !== undefined
    ? `the marked function ${inMarked}`
    : site.fn === undefined
      ? `a top-level statement of ${path.basename(site.node.getSourceFile().fileName)}`
      : describeFunction(ts, site.fn);
}

function describeFunction(ts: typeof import("typescript"), fn: ts.Node): string {
  const name = (fn as { name?: ts.Node }).name;
  if (name !== undefined && ts.isIdentifier(name)) return `${name.text}()`;
  const p = fn.parent;
  if (p !== undefined && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return `${p.name.text}()`;
  return "a function";
}
