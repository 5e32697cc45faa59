/**
 * What a call adds to the effects of the code it is in (effects.cts walks the code): whether it
 * starts a marked function, starts serving or loads `.env`, the package it configures when it is made for its
 * effect (package-calls.cts), and the effects of the user's functions it runs: its callee
 * (through `f.call(...)` too), and a named callback a built-in calls before it returns.
 */
import type * as ts from "typescript";
import type { Context } from "./context.cjs";
import { calledBack } from "./effects-callbacks.cjs";
import { merge, type Effects } from "./effects-set.cjs";
import { loadsEnv } from "./env-access.cjs";
import { forEffect, invokedThrough, skipOuter, type FunctionNode } from "./nodes.cjs";
import { packageAt, recordConfigured, servesApp } from "./package-calls.cjs";

/** What effects.cts's analysis answers about calls. */
export interface CallFacts {
  readonly ctx: Context;
  /** True for a call that starts a marked function (or a task through tamed's API). */
  dispatches(call: ts.CallExpression): boolean;
  /** The user's functions a callee names: a function, a method, a class's constructor (for `new`). */
  calleeFunctions(callee: ts.Expression, isNew: boolean): FunctionNode[];
}

/** Where a call is: in which function (undefined at load), how many literals deep, and whether one of them runs later. */
export interface CallPlace {
  readonly fn: FunctionNode | undefined;
  readonly nested: number;
  readonly later: boolean;
}

/** Adds to `e` what the call `n` (not a marker's) does, with `effectsOf` the effects of a function of the user's. */
export function addCallEffects(
  facts: CallFacts,
  n: ts.CallExpression | ts.NewExpression,
  e: Effects,
  { fn, nested, later }: CallPlace,
  effectsOf: (g: FunctionNode) => Effects,
): void {
  const { ctx } = facts;
  const { ts } = ctx;
  if (ts.isCallExpression(n) && facts.dispatches(n)) e.dispatch ??= n;
  const callee = skipOuter(ts, n.expression);
  const direct = facts.calleeFunctions(callee, ts.isNewExpression(n));
  if (ts.isCallExpression(n) && direct.length === 0 && servesApp(ctx, n)) e.serves ??= n;
  if (ts.isCallExpression(n) && loadsEnv(ctx, n, (x) => packageAt(ctx, x))) e.env ??= n;
  // A package called for its effect (package-calls.cts): a statement of its own as the module
  // loads (packages), in a function or a literal (packageCalls), or returned by a function
  // (packageReturns: `const setup = () => Decimal.config(...)` configures where its call's
  // value is dropped, not where it is used). A literal's value is taken to be dropped
  // (`forEach`'s callback, an IIFE); a call whose value is used is taken for its value.
  const call = !later && ts.isCallExpression(n);
  const discarded = call && (forEffect(ts, n) || (nested > 0 && returned(ts, n)));
  const passedOn = call && !discarded && fn !== undefined && nested === 0 && returned(ts, n);
  if (discarded || passedOn) {
    const atLoad = fn === undefined && nested === 0;
    recordConfigured(ctx, n, atLoad ? e.packages : discarded ? e.packageCalls : e.packageReturns);
  }
  // `f.call(...)`, `(0, o.f)(...)`: f, unless a function of the user's is named `call`.
  const targets =
    direct.length > 0 || ts.isNewExpression(n) ? direct : facts.calleeFunctions(invokedThrough(ts, callee), false);
  for (const target of targets) {
    const called = effectsOf(target);
    merge(e, called);
    const into = discarded ? e.packageCalls : passedOn ? e.packageReturns : undefined;
    if (into !== undefined) for (const [p, at] of called.packageReturns) if (!into.has(p)) into.set(p, at);
  }
  // A named function a built-in calls before it returns (`WORDS.forEach(addTo)`) runs
  // here, as a literal would (whose body effects.cts's walk visits where it is written).
  const back = calledBack(ctx, n);
  const named = back === undefined ? undefined : skipOuter(ts, back.callback);
  if (named !== undefined && !ts.isArrowFunction(named) && !ts.isFunctionExpression(named))
    for (const target of facts.calleeFunctions(named, false)) merge(e, effectsOf(target));
}

/** A call whose value a function returns (`return Decimal.set(o)`, `() => dayjs.extend(utc)`). */
function returned(ts: typeof import("typescript"), call: ts.CallExpression): boolean {
  let n: ts.Node = call;
  while (ts.isParenthesizedExpression(n.parent) || ts.isAwaitExpression(n.parent)) n = n.parent;
  return ts.isReturnStatement(n.parent) || (ts.isArrowFunction(n.parent) && n.parent.body === n);
}
