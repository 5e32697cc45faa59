/**
 * What one node writes by itself, the half of effects.cts that reads syntax: assignment
 * targets (destructuring too), `++`, `delete`, the receiver of a known mutator
 * (`map.set`, `arr.push`), the first argument of `Object.assign` and its kin, and what a
 * call into the user's own function changes through its parameters and `this`. Each write
 * is then classified by what it is rooted at (effects-binding.cts); what built-ins change
 * is effects-builtins.cts.
 */
import type * as ts from "typescript";
import type { Context } from "./context.cjs";
import { bindingOf } from "./effects-binding.cjs";
import {
  globalChanges,
  isConsole,
  isMutator,
  MUTATORS,
  OBJECT_MUTATORS,
  readsIterators,
  readsOnly,
} from "./effects-builtins.cjs";
import { calledBack } from "./effects-callbacks.cjs";
import type { Binding, Effects } from "./effects-set.cjs";
import { OriginFinder, returned } from "./effects-origins.cjs";
import { changesPackageValue, installsInto, servesApp } from "./package-calls.cjs";
import { calleeName, functionOf, isUserFile, resolveAlias, rootOf, skipOuter, type FunctionNode } from "./nodes.cjs";

/** Finds the writes of single nodes; EffectAnalysis adds them up over code that runs. */
export class WriteSites {
  /** What a value written through may be (another name's table, a package's state). */
  readonly origins: OriginFinder;

  constructor(
    readonly ctx: Context,
    /** True for a call whose function arguments are marked functions: they run on workers, not here. */
    readonly marks: (call: ts.CallExpression) => boolean,
    /** True for a call that starts a marked function. */
    readonly dispatches: (call: ts.CallExpression) => boolean = () => false,
  ) {
    this.origins = new OriginFinder(ctx, (callee, isNew) => this.calleeFunctions(callee, isNew));
  }

  /**
   * The module-level bindings a call to the user's function hands out as they are: what its
   * `return` statements are rooted at (`return LIMITS`, `return CONFIG.limits`), not values
   * made from them. A write through `limits().max` is a write of LIMITS.
   */
  returnedBindings(call: ts.CallExpression): ts.Symbol[] {
    const { ts } = this.ctx;
    const out: ts.Symbol[] = [];
    for (const f of this.calleeFunctions(skipOuter(ts, call.expression), false))
      for (const r of returned(ts, f)) {
        const b = this.binding(rootOf(ts, r), f);
        if (b.kind === "module" && !out.includes(b.symbol)) out.push(b.symbol);
      }
    return out;
  }

  /**
   * The writes one node makes by itself, each as the expression written through and
   * whether it surely changes it: assignment targets, `++`, `delete`, the receiver of a
   * mutator (`map.set`), the first argument of `Object.assign`, the arguments and receiver
   * a user's function changes (its parameters, its `this`), and bindings handed to a
   * function tamed cannot see into (possibly). What happens inside a called function is
   * that function's own; the caller merges it (EffectAnalysis's walk). `effectsOf` gives a
   * called function's effects: what it changes through its parameters and `this` is charged here.
   */
  at(
    n: ts.Node,
    fn: FunctionNode | undefined,
    report: (target: ts.Expression, sure: boolean) => void,
    effectsOf: (g: FunctionNode) => Effects,
    calls?: (callee: ts.Expression) => void,
  ): void {
    const { ts } = this.ctx;
    // A stored iterator read to its end (`for (const x of IT)`, `[...IT]`) is used up.
    if ((ts.isForOfStatement(n) || ts.isSpreadElement(n)) && this.#isIterator(n.expression)) report(n.expression, true);
    if (ts.isBinaryExpression(n) && isAssignment(ts, n.operatorToken.kind)) this.#targets(n.left, report);
    // `for (fallback of CANDIDATES)`: a loop over an existing variable writes it.
    else if ((ts.isForOfStatement(n) || ts.isForInStatement(n)) && !ts.isVariableDeclarationList(n.initializer))
      this.#targets(n.initializer, report);
    else if (
      (ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) &&
      (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken)
    )
      report(n.operand, true);
    else if (ts.isDeleteExpression(n)) report(n.expression, true);
    else if (ts.isCallExpression(n) || ts.isNewExpression(n)) this.#callWrites(n, fn, report, effectsOf, calls);
  }

  /** A name or property holding an iterator (a `next` method; a linked list's `next` field is not one): reading it through changes it. */
  #isIterator(e: ts.Expression): boolean {
    const { ts, checker } = this.ctx;
    const v = skipOuter(ts, e);
    if (!ts.isIdentifier(v) && !ts.isPropertyAccessExpression(v) && !ts.isElementAccessExpression(v)) return false;
    // getProperties and getTypeOfSymbol: the checker calls the TypeScript 7 adapter has.
    const next = checker
      .getTypeAtLocation(v)
      .getProperties()
      .find((p) => p.name === "next");
    return next !== undefined && checker.getTypeOfSymbol(next).getCallSignatures().length > 0;
  }

  /** `x = ...`, `[a, b] = ...`, `({ a } = ...)`: each target is written. */
  #targets(target: ts.Expression, report: (target: ts.Expression, sure: boolean) => void): void {
    const { ts } = this.ctx;
    const t = skipOuter(ts, target);
    if (ts.isArrayLiteralExpression(t)) {
      for (const el of t.elements) this.#targets(ts.isSpreadElement(el) ? el.expression : el, report);
    } else if (ts.isObjectLiteralExpression(t)) {
      for (const p of t.properties) {
        if (ts.isPropertyAssignment(p)) this.#targets(p.initializer, report);
        else if (ts.isShorthandPropertyAssignment(p)) report(p.name, true);
        else if (ts.isSpreadAssignment(p)) this.#targets(p.expression, report);
      }
    } else {
      report(t, true);
    }
  }

  #callWrites(
    call: ts.CallExpression | ts.NewExpression,
    fn: FunctionNode | undefined,
    report: (target: ts.Expression, sure: boolean) => void,
    effectsOf: (g: FunctionNode) => Effects,
    calls: ((callee: ts.Expression) => void) | undefined,
  ): void {
    const { ts } = this.ctx;
    if (ts.isCallExpression(call) && this.marks(call)) return; // makeAsync(fn): defines a stub, runs nothing
    const callee = skipOuter(ts, call.expression);
    const args = call.arguments ?? [];
    const method = ts.isPropertyAccessExpression(callee) ? callee : undefined;
    const targets = this.calleeFunctions(callee, ts.isNewExpression(call));
    // An iterator handed to a reader (`Array.from(IT)`, `new Set(IT)`: effects-builtins.cts) or
    // a package's function is used up; the user's functions answer for their parameters (#charge).
    const root = this.binding(rootOf(ts, callee), fn);
    const environment = root.kind === "global" || isConsole(ts, rootOf(ts, callee), root);
    if (targets.length === 0 && (environment ? readsIterators(ts, callee) : true))
      for (const a of args) if (!ts.isSpreadElement(a) && this.#isIterator(a)) report(a, true);
    if (
      method !== undefined &&
      ts.isIdentifier(method.expression) &&
      (method.expression.text === "Object" || method.expression.text === "Reflect") &&
      this.binding(method.expression, fn).kind === "global"
    ) {
      if (OBJECT_MUTATORS.has(method.name.text) && args[0] !== undefined) report(args[0], true);
      // Reflect.apply(f, thisArg, [args]): a call of f.
      else if (method.name.text === "apply" && args[0] !== undefined)
        this.#indirectCall(args[0], args[1], spreadOf(ts, args[2]), fn, report, effectsOf);
      return;
    }
    // f.call(thisArg, ...args), f.apply(thisArg, [args]): a call of f.
    if (method !== undefined && (method.name.text === "call" || method.name.text === "apply") && args.length > 0) {
      const rest = method.name.text === "call" ? args.slice(1) : spreadOf(ts, args[1]);
      this.#indirectCall(method.expression, args[0], rest, fn, report, effectsOf);
      return;
    }
    if (targets.length > 0) return this.#charge(targets, args, method?.expression, report, effectsOf);
    // `ITEMS.forEach(reset)`: a built-in that calls back at once hands the callback its
    // elements (or accumulator, or source): what the callback changes of them is changed here.
    const back = calledBack(this.ctx, call);
    if (back !== undefined)
      for (const target of this.callbackFunctions(back.callback)) {
        const inner = effectsOf(target);
        if (inner.params.size > 0) for (const g of back.gives) report(g, true);
        if (inner.thisWrite && back.self !== undefined) report(back.self, true);
      }
    // A `listen()` starts the app: not set-up that changes what it is called on.
    const starts = ts.isCallExpression(call) && servesApp(this.ctx, call);
    if (method !== undefined && !readsOnly(this.ctx, method) && !starts) {
      const name = method.name.text;
      const changes = ts.isCallExpression(call) && changesPackageValue(this.ctx, call, this.dispatches);
      report(method.expression, isMutator(name) || changes);
    }
    // `NAMES["push"]("z")`, `TABLE[name](...)`: a method called by element access.
    if (ts.isElementAccessExpression(callee)) {
      const key = callee.argumentExpression;
      report(callee.expression, ts.isStringLiteralLike(key) && isMutator(key.text));
    }
    // Bindings handed to a function tamed cannot see into (a package's) may be changed
    // by it; the global environment's own functions (console.log, JSON.stringify) do not,
    // but for those that do (Atomics.store, structuredClone's transfer: effects-builtins.cts).
    if (environment) {
      const changes = globalChanges(ts, callee);
      if (changes === "first" && args[0] !== undefined) report(args[0], true);
      else if (changes === "any") this.#handedOver(args, report);
      return;
    }
    // A function value tamed cannot name changes what it was made from (`scores.set.bind(scores)`: origins), or,
    // taken out of a list into a local (`for (const f of HOOKS) f()`), does what the list's hooks do (calls).
    if (ts.isIdentifier(callee) && root.kind === "module") report(callee, false);
    else if (ts.isIdentifier(callee) && root.kind === "other") calls?.(callee);
    this.#handedOver(args, report, ts.isCallExpression(call) ? (a) => installsInto(this.ctx, call, a) : undefined);
  }

  /** What the user's functions called change through their parameters and `this`, charged to the call's arguments and receiver. */
  #charge(
    targets: readonly FunctionNode[],
    args: readonly ts.Expression[],
    self: ts.Expression | undefined,
    report: (target: ts.Expression, sure: boolean) => void,
    effectsOf: (g: FunctionNode) => Effects,
  ): void {
    for (const target of targets) {
      const inner = effectsOf(target);
      for (const i of inner.params) {
        // A parameter left out writes its default: `register(n, v, into = REGISTRY)`.
        const given = args[i] ?? target.parameters[i]?.initializer;
        if (given !== undefined) report(given, true);
      }
      if (inner.thisWrite && self !== undefined) report(self, true);
    }
  }

  /** Names handed to a function tamed cannot see into: it may change what they hold, and surely does where `installs`. */
  #handedOver(
    args: readonly ts.Expression[],
    report: (target: ts.Expression, sure: boolean) => void,
    installs?: (arg: ts.Expression) => boolean,
  ): void {
    const { ts } = this.ctx;
    for (const a of args) {
      const v = skipOuter(ts, ts.isSpreadElement(a) ? a.expression : a);
      if (ts.isIdentifier(v) || ts.isPropertyAccessExpression(v) || ts.isElementAccessExpression(v))
        report(v, installs?.(v) ?? false);
    }
  }

  /**
   * `f.call(self, ...args)`, `f.apply(self, [args])`, `Reflect.apply(f, self, [args])`: what
   * calling f changes, charged to `self` and the arguments. A built-in mutator borrowed from
   * a prototype (`Array.prototype.push.apply(WORDS, ...)`) changes `self`; a function tamed
   * cannot see into may change any of them.
   */
  #indirectCall(
    f: ts.Expression,
    self: ts.Expression | undefined,
    args: readonly ts.Expression[],
    fn: FunctionNode | undefined,
    report: (target: ts.Expression, sure: boolean) => void,
    effectsOf: (g: FunctionNode) => Effects,
  ): void {
    const { ts } = this.ctx;
    const callee = skipOuter(ts, f);
    const targets = this.calleeFunctions(callee, false);
    if (targets.length > 0) return this.#charge(targets, args, self, report, effectsOf);
    const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    const changesNothing = ts.isPropertyAccessExpression(callee) && readsOnly(this.ctx, callee);
    if (self !== undefined && !changesNothing) report(self, name !== undefined && MUTATORS.has(name));
    report(callee, false); // `api.call("x")` may be an object's own method named call
    if (this.binding(rootOf(ts, callee), fn).kind === "global") return;
    this.#handedOver(args, report);
  }

  /**
   * The user's functions a built-in calls back at once (effects-callbacks.cts calledBack): a
   * function literal, or one named (`WORDS.forEach(addTo)`, `Array.from(src, Codec.decode)`).
   */
  callbackFunctions(callback: ts.Expression): FunctionNode[] {
    const { ts } = this.ctx;
    const f = skipOuter(ts, callback);
    if (ts.isArrowFunction(f) || ts.isFunctionExpression(f)) return [f];
    return this.calleeFunctions(f, false);
  }

  /** The user's functions a callee names: a function, a method, a class's constructor (for `new`). */
  calleeFunctions(callee: ts.Expression, isNew: boolean): FunctionNode[] {
    const { ts, checker } = this.ctx;
    const id = calleeName(ts, callee);
    const symbol = id === undefined ? undefined : checker.getSymbolAtLocation(id);
    if (symbol === undefined) return [];
    const out: FunctionNode[] = [];
    for (const named of resolveAlias(this.ctx, symbol).declarations ?? []) {
      // `const sql = { tag }; sql.tag(...)`: the property is the variable it names.
      const short = ts.isShorthandPropertyAssignment(named)
        ? checker.getShorthandAssignmentValueSymbol(named)
        : undefined;
      const d = short?.declarations?.[0] ?? named;
      if (!isUserFile(this.ctx, d.getSourceFile())) continue;
      if (isNew && ts.isClassLike(d)) {
        const ctor = d.members.find(
          (m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && m.body !== undefined,
        );
        if (ctor !== undefined) out.push(ctor);
        continue;
      }
      const f = functionOf(ts, d);
      if (f !== undefined) out.push(f);
    }
    return out;
  }

  /** What an expression that code writes through is (effects-binding.cts). */
  binding(root: ts.Expression, fn: FunctionNode | undefined): Binding {
    return bindingOf(this.ctx, root, fn);
  }
}

/** The elements of an array literal given as an argument list (`[a, b]`); none for anything else. */
function spreadOf(ts: typeof import("typescript"), e: ts.Expression | undefined): ts.Expression[] {
  if (e === undefined) return [];
  const v = skipOuter(ts, e);
  return ts.isArrayLiteralExpression(v) ? v.elements.filter((x) => !ts.isSpreadElement(x)) : [];
}

function isAssignment(ts: typeof import("typescript"), kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}
