/**
 * The statements a sliced file keeps for what they set up rather than for what they
 * declare: a loop filling a table the carried code reads, `registry.set(...)`, a polyfill,
 * a side-effect import. Each one kept is walked (carry-walk.cts) and may make more needed,
 * so this runs until nothing changes. A statement that would set something up but also
 * starts marked functions is refused (TS77010) rather than dropped: dropping it would leave
 * the worker without what it reads, running it in the worker would start work there.
 */
import * as path from "node:path";
import type * as ts from "typescript";
import type { Walk } from "./carry-walk.cjs";
import type { Context } from "./context.cjs";
import { finding } from "./diagnostics.cjs";
import { isAmbient, lineOf, topStatement } from "./nodes.cjs";
import { calledOn, parsesArguments } from "./package-calls.cjs";

/**
 * Keeps what sets up the carried code as its module loads, until nothing changes: a
 * statement of a sliced file that writes something the carried code uses (through any name:
 * effects-origins.cts), or configures a package it imports, or writes the global
 * environment, or is a side-effect import.
 */
export function settle(walk: Walk): void {
  const ts = walk.carrier.ctx.ts;
  const { effects } = walk.carrier;
  walk.drain();
  const reads = readsOf(walk);
  for (let changed = true; changed;) {
    changed = false;
    for (const [sf, kept] of [...walk.result.kept]) {
      for (const s of sf.statements) {
        if (kept.has(s) || walk.reported.has(s)) continue;
        if (ts.isImportDeclaration(s) && s.importClause === undefined) {
          walk.result.setup.set(s, s);
          walk.keep(sf, s);
          walk.drain();
          changed = true;
          continue;
        }
        if (!mayRun(ts, s)) continue;
        const e = effects.ofStatement(s);
        const hit = first(e.writes, walk.result.refs);
        const sure = e.global !== undefined ? { what: describeWrite(ts, e.global), node: e.global } : hit;
        // A package the carried code uses, configured here (possibly: tamed cannot see inside it);
        // or the hooks of a list that setup filled, called (`for (const f of HOOKS) f()`).
        const maybe = possibleWrite(walk, e.mayWrite, reads) ?? first(e.calls, filledBySetup(walk));
        const configured = sure ?? maybe ?? configuredPackage(walk, e.packages, reads);
        if (configured === undefined) continue;
        // What starts work or a server is the main thread's to run. Possible writes are not worth
        // refusing a program's `main(config)` for; sure ones are. A statement that starts serving
        // is refused for any set-up: a server's bootstrap is where apps set up what they use
        // (`main()` that fills a store, then listens), and `app.use(h).listen(port)` splits in two.
        if (e.dispatch !== undefined || e.serves !== undefined) {
          const refused = e.dispatch !== undefined ? sure : configured;
          if (refused !== undefined) {
            refuseSetup(walk, s, refused.what, refused.node, (e.dispatch ?? e.serves)!, e.dispatch === undefined);
            for (const w of e.writes.keys()) walk.result.refusedSetup.add(w);
          }
          continue;
        }
        walk.result.setup.set(s, configured.node);
        if (ts.isImportDeclaration(s)) walk.result.sideEffectImports.add(s);
        const known = walk.result.refs.size;
        walk.keep(sf, s);
        walk.drain();
        const added = [...walk.result.refs].slice(known);
        if (sure !== undefined || maybe !== undefined) reads.add(added);
        else reads.addSetUp(configured.node, added);
        changed = true;
      }
    }
  }
  reads.counted = walk.result.refs.size;
  for (const s of walk.result.sideEffectImports) {
    const clause = s.importClause;
    const used =
      clause !== undefined &&
      (walk.result.usedBindings.has(clause) || namedBindings(ts, clause).some((b) => walk.result.usedBindings.has(b)));
    if (used) walk.result.sideEffectImports.delete(s);
  }
}

/**
 * What the carried code reads, apart from what the set-up statements of a package value name:
 * a command line's parse() is set-up only where code reads what it fills (`program.opts()`), not
 * where only `program.option(...)` and the action it is handed name `program`. Kept per walk:
 * settle runs again once the marked function's stub is found used (carry.cts).
 */
class Reads {
  readonly #reads = new Set<ts.Symbol>();
  /** The refs each kept set-up statement added, by what its configuring call is made on. */
  readonly #bySetUpOf = new Map<ts.Symbol | undefined, Set<ts.Symbol>>();
  /** How many of the walk's refs have been sorted: those after were added by code walked since. */
  counted = 0;

  constructor(readonly ctx: Context) {}

  add(refs: Iterable<ts.Symbol>): void {
    for (const r of refs) this.#reads.add(r);
  }

  addSetUp(at: ts.Node, refs: Iterable<ts.Symbol>): void {
    const on = this.ctx.ts.isCallExpression(at) ? calledOn(this.ctx, at) : undefined;
    let set = this.#bySetUpOf.get(on);
    if (set === undefined) this.#bySetUpOf.set(on, (set = new Set()));
    for (const r of refs) set.add(r);
  }

  /** Read by code other than the set-up statements made on it (`dayjs.locale(program.opts().lang)` reads `program`). */
  has(on: ts.Symbol): boolean {
    if (this.#reads.has(on)) return true;
    for (const [of, refs] of this.#bySetUpOf) if (of !== on && refs.has(on)) return true;
    return false;
  }
}

function readsOf(walk: Walk): Reads {
  let reads = readsByWalk.get(walk);
  if (reads === undefined) readsByWalk.set(walk, (reads = new Reads(walk.carrier.ctx)));
  reads.add([...walk.result.refs].slice(reads.counted));
  return reads;
}
const readsByWalk = new WeakMap<Walk, Reads>();

function refuseSetup(
  walk: Walk,
  s: ts.Statement,
  what: string,
  write: ts.Node,
  dispatch: ts.Node,
  serves: boolean,
): void {
  walk.reported.add(s);
  const dispatchAt = `${path.relative(walk.carrier.ctx.cwd, dispatch.getSourceFile().fileName).replaceAll("\\", "/")}:${lineOf(dispatch)}`;
  const [starts, start] = serves ? ["starts serving", "serve"] : ["starts marked functions", "start the work"];
  walk.result.findings.push(
    finding("setupStartsWork", s, { fn: walk.options.fnName, what, dispatchAt, starts, start }, [
      { node: write, message: `This sets up '${what}'.` },
      { node: dispatch, message: serves ? "This starts serving." : "This starts marked functions." },
    ]),
  );
}

/** A statement that does something as its module loads (declarations of types, functions and classes without static parts do not). */
export function mayRun(ts: typeof import("typescript"), s: ts.Statement): boolean {
  if (
    ts.isInterfaceDeclaration(s) ||
    ts.isTypeAliasDeclaration(s) ||
    ts.isFunctionDeclaration(s) ||
    ts.isEmptyStatement(s)
  )
    return false;
  if (ts.isModuleDeclaration(s) && isAmbient(ts, s)) return false;
  return true;
}

/**
 * The lists of hooks setup filled: declared by a statement kept as setup (`const HOOKS = [() =>
 * TABLE.push(1)]`, kept for what its functions do) or written by one (`HOOKS.push(...)`, a
 * `ready(cb)` that pushes). Their calls do what setup needs. A list the function only reads (a
 * plugin table whose `start` hooks start servers) is not: calling its hooks is not setup.
 */
function filledBySetup(walk: Walk): { has(s: ts.Symbol): boolean } {
  const { setup } = walk.result;
  const { effects } = walk.carrier;
  return {
    has: (s) =>
      (s.declarations ?? []).some((d) => setup.has(topStatement(d))) ||
      [...setup.keys()].some((st) => effects.ofStatement(st).writes.has(s)),
  };
}

function first(
  m: ReadonlyMap<ts.Symbol, ts.Node>,
  wanted: { has(s: ts.Symbol): boolean },
): { readonly what: string; readonly node: ts.Node } | undefined {
  for (const [s, node] of m) if (wanted.has(s)) return { what: s.getName(), node };
  return undefined;
}

/**
 * A binding the carried code uses that the statement may change. Through a command line's
 * `parse()` (`cli.parse()`), only one the carried code reads other than in set-up statements.
 */
function possibleWrite(
  walk: Walk,
  m: ReadonlyMap<ts.Symbol, ts.Node>,
  reads: Reads,
): { readonly what: string; readonly node: ts.Node } | undefined {
  const { ctx } = walk.carrier;
  for (const [s, node] of m) {
    const parses = ctx.ts.isCallExpression(node) && parsesArguments(ctx, node);
    if (parses ? reads.has(s) : walk.result.refs.has(s)) return { what: s.getName(), node };
  }
  return undefined;
}

/**
 * A package the carried code imports, configured by the statement. Not by a command line's
 * `parse()` when the carried code does not read what it fills (`program.opts()`): there it
 * would only start the app.
 */
function configuredPackage(
  walk: Walk,
  m: ReadonlyMap<string, ts.Node>,
  reads: Reads,
): { readonly what: string; readonly node: ts.Node } | undefined {
  const { ctx } = walk.carrier;
  for (const [name, node] of m) {
    if (!walk.result.packages.has(name)) continue;
    if (ctx.ts.isCallExpression(node) && parsesArguments(ctx, node)) {
      const on = calledOn(ctx, node);
      if (on === undefined || !reads.has(on)) continue;
    }
    return { what: name, node };
  }
  return undefined;
}

function namedBindings(ts: typeof import("typescript"), clause: ts.ImportClause): ts.Node[] {
  const nb = clause.namedBindings;
  if (nb === undefined) return [];
  return ts.isNamespaceImport(nb) ? [nb] : [...nb.elements];
}

/** The target of a write, as written (`String.prototype.shout`), for messages. */
function describeWrite(ts: typeof import("typescript"), n: ts.Node): string {
  const target = ts.isBinaryExpression(n)
    ? n.left
    : ts.isCallExpression(n) && n.arguments[0] !== undefined
      ? n.arguments[0]
      : n;
  const text = target.getText().split("\n")[0]!;
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
