/**
 * What code changes when it runs: which module-level bindings it writes (assigns, or
 * changes in place), whether it changes the global environment, and whether it starts
 * marked functions. The carry step asks this of top-level statements (does this loop
 * fill a table the worker reads? then the worker must run it too), and the check of
 * later writes asks it of call sites (does this call, on the main thread only, change
 * what a worker reads?).
 *
 * Calls into the user's own functions are followed (memoised), and their writes to
 * their parameters and to `this` are charged to the caller's arguments and receiver:
 * `fill(TABLE)` writes TABLE when fill writes its first parameter. Calls tamed cannot
 * see into (packages) count as *possible* writes of the bindings given to them; known
 * mutators of built-ins (`map.set`, `arr.push`, `Object.assign`) as certain ones.
 *
 * This file adds effects up over code that runs (statements, modules, functions and the
 * fixpoint over calls); what a single node writes is effects-writes.cts, and what a call
 * adds (its callee's effects, the package it configures) effects-calls.cts.
 */
import type * as ts from "typescript";
import type { Context } from "./context.cjs";
import { addCallEffects } from "./effects-calls.cjs";
import { keptForLater } from "./effects-callbacks.cjs";
import { empty, merge, record, sameEffects, type Binding, type Effects } from "./effects-set.cjs";
import { isPrimitive } from "./effects-origins.cjs";
import { writesEnv } from "./env-access.cjs";
import { WriteSites } from "./effects-writes.cjs";

export type { Effects } from "./effects-set.cjs";
import type { ModuleGraph } from "./module-graph.cjs";
import {
  classLoadParts,
  isDefinedNotRun,
  isStatic,
  isUserFile,
  rootOf,
  skipOuter,
  type FunctionNode,
} from "./nodes.cjs";

export class EffectAnalysis {
  /** Effects of functions, final once in #final (until then, a fixpoint is still growing them). */
  readonly #functions = new Map<ts.Node, Effects>();
  readonly #final = new Set<ts.Node>();
  readonly #statements = new Map<ts.Node, Effects>();
  /** What a module's own statements do (its imports not included). */
  readonly #own = new Map<ts.SourceFile, Effects>();
  readonly #modules = new Map<ts.SourceFile, Effects>();
  readonly #sites: WriteSites;

  constructor(
    readonly ctx: Context,
    readonly graph: ModuleGraph,
    /** True for a call that starts a marked function (or a task through tamed's API). */
    readonly dispatches: (call: ts.CallExpression) => boolean,
    /** True for a call whose function arguments are marked functions: they run on workers, not here. */
    readonly marks: (call: ts.CallExpression) => boolean,
  ) {
    this.#sites = new WriteSites(ctx, marks, dispatches);
  }

  /** What running a top-level statement does, as the module loads. */
  ofStatement(stmt: ts.Statement): Effects {
    let e = this.#statements.get(stmt);
    if (e === undefined) {
      const { ts } = this.ctx;
      if (ts.isImportDeclaration(stmt) || ts.isExportDeclaration(stmt) || ts.isImportEqualsDeclaration(stmt)) {
        const target = this.graph.targetOf(stmt);
        e = target === undefined ? empty() : this.ofModule(target);
      } else {
        e = empty();
        this.#walk(stmt, e, undefined);
      }
      this.#statements.set(stmt, e);
    }
    return e;
  }

  /**
   * What loading a module of the user's does: its own top-level statements, and those of
   * every module it imports, directly or not (collected with a loop, not recursion: an
   * import chain can be a thousand modules long).
   */
  ofModule(sf: ts.SourceFile): Effects {
    let e = this.#modules.get(sf);
    if (e !== undefined) return e;
    e = empty();
    const { ts } = this.ctx;
    const seen = new Set([sf]);
    const stack = [sf];
    while (stack.length > 0) {
      const m = stack.pop()!;
      if (!isUserFile(this.ctx, m)) continue;
      merge(e, this.#ownEffects(m));
      for (const s of m.statements) {
        if (!(ts.isImportDeclaration(s) || ts.isExportDeclaration(s) || ts.isImportEqualsDeclaration(s))) continue;
        const target = this.graph.targetOf(s);
        if (target !== undefined && !seen.has(target)) {
          seen.add(target);
          stack.push(target);
        }
      }
    }
    this.#modules.set(sf, e);
    return e;
  }

  #ownEffects(sf: ts.SourceFile): Effects {
    let e = this.#own.get(sf);
    if (e === undefined) {
      const { ts } = this.ctx;
      e = empty();
      for (const s of sf.statements)
        if (!(ts.isImportDeclaration(s) || ts.isExportDeclaration(s) || ts.isImportEqualsDeclaration(s)))
          merge(e, this.ofStatement(s));
      this.#own.set(sf, e);
    }
    return e;
  }

  /**
   * What calling a function does, with what the functions it calls do. Computed for the
   * whole call graph below it at once, by a fixpoint rather than recursion (a chain of
   * calls can be deep, and recursion has to see some answer for a cycle anyway): every
   * function starts with no effects, and each is walked again with its callees' current
   * effects until none grows.
   */
  ofFunction(fn: FunctionNode): Effects {
    if (this.#final.has(fn)) return this.#functions.get(fn)!;
    const order: FunctionNode[] = [];
    const seen = new Set<ts.Node>([fn]);
    const stack: FunctionNode[] = [fn];
    while (stack.length > 0) {
      const f = stack.pop()!;
      order.push(f);
      this.#body(f, empty(), (callee) => {
        if (!seen.has(callee) && !this.#final.has(callee)) {
          seen.add(callee);
          stack.push(callee);
        }
      });
    }
    for (const f of order) if (!this.#functions.has(f)) this.#functions.set(f, empty());
    for (let changed = true; changed;) {
      changed = false;
      // Callees were found after their callers: walking the list backwards settles most in one pass.
      for (let i = order.length - 1; i >= 0; i--) {
        const f = order[i]!;
        const e = empty();
        this.#body(f, e, undefined);
        if (!sameEffects(e, this.#functions.get(f)!)) {
          this.#functions.set(f, e);
          changed = true;
        }
      }
    }
    for (const f of order) this.#final.add(f);
    return this.#functions.get(fn)!;
  }

  /** A function's effects so far: final, or the fixpoint's current value. */
  #current(fn: FunctionNode): Effects {
    return this.#functions.get(fn) ?? this.ofFunction(fn);
  }

  /** Walks a function's body (and, for a constructor, the instance fields `new` initialises). */
  #body(fn: FunctionNode, e: Effects, onCallee: ((callee: FunctionNode) => void) | undefined): void {
    const { ts } = this.ctx;
    if (fn.body !== undefined) this.#walk(fn.body, e, fn, onCallee);
    if (ts.isConstructorDeclaration(fn)) {
      for (const m of fn.parent.members) {
        if (ts.isPropertyDeclaration(m) && m.initializer !== undefined && !isStatic(ts, m))
          this.#walk(m.initializer, e, fn, onCallee);
      }
    }
  }

  /**
   * Walks code that runs. `fn` is the function whose parameters and `this` writes are
   * charged to its callers (undefined for load-time code). With `onCallee`, the user's
   * functions it calls are reported instead of having their effects merged.
   */
  #walk(root: ts.Node, e: Effects, fn: FunctionNode | undefined, onCallee?: (callee: FunctionNode) => void): void {
    const { ts } = this.ctx;
    const effectsOf =
      onCallee === undefined
        ? (g: FunctionNode): Effects => this.#current(g)
        : (g: FunctionNode): Effects => (onCallee(g), this.#functions.get(g) ?? empty());
    // Inside a function literal that runs here (a callback, an IIFE): its calls into packages
    // configure only as packageCalls, not as a statement of their own. Inside one handed to a
    // package or a module of Node's that keeps it for later (`createServer((req, res) => ...)`,
    // `app.use((req, res, next) => ...)`), they configure nothing at load.
    let nested = 0;
    let later = 0;
    const visit = (n: ts.Node): void => {
      if (n !== root && ts.isFunctionLike(n)) {
        // Named functions run when called (a call is followed to them); literals given to a
        // marker run on workers; any other literal (a callback, an IIFE) is taken to run here.
        if (isDefinedNotRun(ts, n) || (ts.isCallExpression(n.parent) && this.marks(n.parent))) return;
        const kept = keptForLater(this.ctx, n, (callee, isNew) => this.calleeFunctions(callee, isNew));
        nested++;
        if (kept) later++;
        if ("body" in n && n.body !== undefined) visit(n.body);
        if (kept) later--;
        nested--;
        return;
      }
      if (ts.isClassLike(n) && n !== root) {
        // Loading a class runs its decorators, `extends`, computed names and static parts.
        for (const part of classLoadParts(ts, n)) visit(part);
        return;
      }
      if (ts.isTypeNode(n) || ts.isInterfaceDeclaration(n) || ts.isTypeAliasDeclaration(n)) return;
      this.writesAt(
        n,
        fn,
        (target, sure) => this.#record(e, target, fn, n, sure, later > 0),
        effectsOf,
        (callee) => {
          for (const s of this.#sites.origins.of(callee).bindings) if (!e.calls.has(s)) e.calls.set(s, n);
        },
      );
      if ((ts.isCallExpression(n) || ts.isNewExpression(n)) && !(ts.isCallExpression(n) && this.marks(n))) {
        addCallEffects(this, n, e, { fn, nested, later: later > 0 }, effectsOf);
      }
      // A tagged template calls its tag (`gql\`fragment\``, `sql\`...\``), as a call would.
      if (ts.isTaggedTemplateExpression(n))
        for (const target of this.calleeFunctions(skipOuter(ts, n.tag), false)) merge(e, effectsOf(target));
      ts.forEachChild(n, visit);
    };
    visit(root);
  }

  /**
   * A write through `target`: to what it is rooted at (record), and to what that may be
   * (effects-origins.cts: another name's table, a package's state), possibly. Writes to a
   * parameter or `this` stay the function's, charged to its callers' arguments.
   */
  #record(
    e: Effects,
    target: ts.Expression,
    fn: FunctionNode | undefined,
    at: ts.Node,
    sure: boolean,
    later: boolean,
  ): void {
    // A possible write (a value handed to code tamed cannot see into) counts only where it
    // can change something: not a number read out of a table (`log("n", WORDS.length)`,
    // `server.listen(CONFIG.port)`). A sure one does (`WORDS.length = 0`).
    if (!sure && isPrimitive(this.ctx, target)) return;
    if (sure && writesEnv(this.ctx, target)) e.env ??= at;
    const b = this.binding(rootOf(this.ctx.ts, target), fn);
    record(e, b, at, sure);
    if (b.kind !== "module" && b.kind !== "other") return;
    const origins = this.#sites.origins.of(target);
    for (const s of origins.bindings)
      if (b.kind !== "module" || s !== b.symbol) record(e, { kind: "module", symbol: s }, at, false);
    // A package's state is written only surely (`Settings.defaultZone = ...`): a call of one of
    // its functions (`path.join()`, `fs.appendFileSync()`) reads or does I/O far more often
    // than it configures; a call made for that, at load, is the rule in #walk. Not in a handler
    // kept for later (a request's `Sentry.setUser(...)`).
    if (sure && !later) for (const p of origins.packages) if (!e.packages.has(p)) e.packages.set(p, at);
  }

  /** The writes one node makes by itself (see WriteSites.at); a called function's effects are this analysis's by default. */
  writesAt(
    n: ts.Node,
    fn: FunctionNode | undefined,
    report: (target: ts.Expression, sure: boolean) => void,
    effectsOf: (g: FunctionNode) => Effects = (g) => this.ofFunction(g),
    calls?: (callee: ts.Expression) => void,
  ): void {
    this.#sites.at(n, fn, report, effectsOf, calls);
  }

  /** The user's functions a callee names: a function, a method, a class's constructor (for `new`). */
  calleeFunctions(callee: ts.Expression, isNew: boolean): FunctionNode[] {
    return this.#sites.calleeFunctions(callee, isNew);
  }

  /** The module-level bindings a call of the user's function returns as they are (WriteSites.returnedBindings). */
  returnedBindings(call: ts.CallExpression): ts.Symbol[] {
    return this.#sites.returnedBindings(call);
  }

  /** What an expression that code writes through is: a module-level binding, the global environment, a parameter, `this`. */
  binding(root: ts.Expression, fn: FunctionNode | undefined): Binding {
    return this.#sites.binding(root, fn);
  }
}
