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
import { finding } from "./diagnostics.cjs";
import { isAmbient, lineOf, topStatement } from "./nodes.cjs";

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
        const maybe =
          first(e.mayWrite, walk.result.refs) ??
          first(e.calls, filledBySetup(walk)) ??
          firstPackage(e.packages, walk.result.packages);
        if (sure === undefined && maybe === undefined) continue;
        if (e.dispatch !== undefined) {
          // Possible writes are not worth refusing a program's `main(config)` for; sure ones are.
          if (sure !== undefined) {
            refuseSetup(walk, s, sure.what, sure.node, e.dispatch);
            for (const w of e.writes.keys()) walk.result.refusedSetup.add(w);
          }
          continue;
        }
        walk.result.setup.set(s, (sure ?? maybe)!.node);
        if (ts.isImportDeclaration(s)) walk.result.sideEffectImports.add(s);
        walk.keep(sf, s);
        walk.drain();
        changed = true;
      }
    }
  }
  for (const s of walk.result.sideEffectImports) {
    const clause = s.importClause;
    const used =
      clause !== undefined &&
      (walk.result.usedBindings.has(clause) || namedBindings(ts, clause).some((b) => walk.result.usedBindings.has(b)));
    if (used) walk.result.sideEffectImports.delete(s);
  }
}

function refuseSetup(walk: Walk, s: ts.Statement, what: string, write: ts.Node, dispatch: ts.Node): void {
  walk.reported.add(s);
  const dispatchAt = `${path.relative(walk.carrier.ctx.cwd, dispatch.getSourceFile().fileName).replaceAll("\\", "/")}:${lineOf(dispatch)}`;
  walk.result.findings.push(
    finding("setupStartsWork", s, { fn: walk.options.fnName, what, dispatchAt }, [
      { node: write, message: `This sets up '${what}'.` },
      { node: dispatch, message: "This starts marked functions." },
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

function firstPackage(
  m: ReadonlyMap<string, ts.Node>,
  wanted: ReadonlySet<string>,
): { readonly what: string; readonly node: ts.Node } | undefined {
  for (const [name, node] of m) if (wanted.has(name)) return { what: name, node };
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
