/**
 * What running some code changes, as a record (Effects), and how records add up: a write
 * recorded against what it is rooted at (record), the effects of code merged into its
 * caller's (merge), and the comparison the fixpoint over calls stops on (sameEffects).
 * effects.cts computes them; effects-writes.cts finds the writes of single nodes.
 */
import type * as ts from "typescript";

export interface Effects {
  /** Module-level bindings it surely changes, by their declaration's symbol, with the node that does. */
  readonly writes: Map<ts.Symbol, ts.Node>;
  /** Bindings it may change: given to a function tamed cannot see into, or an unknown method called on them. */
  readonly mayWrite: Map<ts.Symbol, ts.Node>;
  /**
   * Bindings whose functions it calls, taken out of them (`for (const f of HOOKS) f()`,
   * `HOOKS.forEach((f) => f())`): it does what the hooks stored there do.
   */
  readonly calls: Map<ts.Symbol, ts.Node>;
  /**
   * Packages (and built-in modules) whose state it may change, by name: it writes through
   * one of their bindings (`Settings.defaultZone = ...`), or as a module loads calls one of
   * their functions for its effect (`dayjs.extend(utc)`, `addExtension(...)`).
   */
  readonly packages: Map<string, ts.Node>;
  /**
   * Packages whose functions a function of the user's that it calls calls for their effect
   * (`function setup() { dayjs.extend(utc) }`), by name. Only a file no worker loads is
   * refused for them (package-setup.cts): a file with markers may call such a function that
   * also starts the app, which workers must not run as setup (carry-setup.cts reads `packages`).
   */
  readonly packageCalls: Map<string, ts.Node>;
  /**
   * For a function: packages whose functions it calls and returns the value of (`() =>
   * Decimal.config(...)`, `return dayjs.locale()`). They count as packageCalls where a call of
   * the function is for its effect, not where its value is used (`log(currentLocale())` reads).
   * Not merged by merge(): the call site decides (effects.cts).
   */
  readonly packageReturns: Map<string, ts.Node>;
  /** Where it changes the global environment (a built-in or its prototype, globalThis), if it does. */
  global: ts.Node | undefined;
  /** Where it patches a built-in of the language (`BigInt.prototype.toJSON = ...`, `Error.stackTraceLimit = 50`), if it does. */
  builtin: ts.Node | undefined;
  /**
   * Where it changes `process.env`, if it does: an assignment to it or one of its variables,
   * `process.loadEnvFile()`, a dotenv loader (env-access.cts).
   */
  env: ts.Node | undefined;
  /** Where it starts a marked function, if it does. */
  dispatch: ts.Node | undefined;
  /** Where it starts serving (a server's `listen(port)`: package-calls.cts servesApp), if it does. */
  serves: ts.Node | undefined;
  /** For a function: the parameters it changes in place (by index), and whether it changes `this`. */
  readonly params: Set<number>;
  thisWrite: boolean;
}

export type Binding =
  | { readonly kind: "module"; readonly symbol: ts.Symbol }
  | { readonly kind: "global"; readonly builtin?: true }
  | { readonly kind: "param"; readonly index: number }
  | { readonly kind: "this" }
  | { readonly kind: "other" };

/** A record of no effects, for code to add to. */
export function empty(): Effects {
  return {
    writes: new Map(),
    mayWrite: new Map(),
    calls: new Map(),
    packages: new Map(),
    packageCalls: new Map(),
    packageReturns: new Map(),
    global: undefined,
    builtin: undefined,
    env: undefined,
    dispatch: undefined,
    serves: undefined,
    params: new Set(),
    thisWrite: false,
  };
}

/** Records in `e` that something rooted at `b` changes (surely, or possibly), at `at`. */
export function record(e: Effects, b: Binding, at: ts.Node, sure: boolean): void {
  switch (b.kind) {
    case "module":
      if (sure) {
        e.writes.set(b.symbol, e.writes.get(b.symbol) ?? at);
        e.mayWrite.delete(b.symbol);
      } else if (!e.writes.has(b.symbol)) e.mayWrite.set(b.symbol, e.mayWrite.get(b.symbol) ?? at);
      return;
    case "global":
      if (sure) e.global ??= at;
      if (sure && b.builtin === true) e.builtin ??= at;
      return;
    case "param":
      if (sure) e.params.add(b.index);
      return;
    case "this":
      if (sure) e.thisWrite = true;
      return;
    case "other":
      return; // a local of the function, or nothing tamed tracks
  }
}

/** Whether two records are the same size in every part: the fixpoint over calls has stopped growing. */
export function sameEffects(a: Effects, b: Effects): boolean {
  return (
    a.writes.size === b.writes.size &&
    a.mayWrite.size === b.mayWrite.size &&
    a.calls.size === b.calls.size &&
    a.packages.size === b.packages.size &&
    a.packageCalls.size === b.packageCalls.size &&
    a.packageReturns.size === b.packageReturns.size &&
    a.params.size === b.params.size &&
    a.thisWrite === b.thisWrite &&
    (a.global === undefined) === (b.global === undefined) &&
    (a.builtin === undefined) === (b.builtin === undefined) &&
    (a.env === undefined) === (b.env === undefined) &&
    (a.dispatch === undefined) === (b.dispatch === undefined) &&
    (a.serves === undefined) === (b.serves === undefined)
  );
}

/** Adds what `from` changes to `into`: a sure write stays sure, a possible one stays possible unless sure there. */
export function merge(into: Effects, from: Effects): void {
  for (const [s, n] of from.writes) if (!into.writes.has(s)) into.writes.set(s, n);
  for (const [s, n] of from.mayWrite) if (!into.writes.has(s) && !into.mayWrite.has(s)) into.mayWrite.set(s, n);
  for (const [s, n] of from.calls) if (!into.calls.has(s)) into.calls.set(s, n);
  for (const [p, n] of from.packages) if (!into.packages.has(p)) into.packages.set(p, n);
  for (const [p, n] of from.packageCalls) if (!into.packageCalls.has(p)) into.packageCalls.set(p, n);
  into.global ??= from.global;
  into.builtin ??= from.builtin;
  into.env ??= from.env;
  into.dispatch ??= from.dispatch;
  into.serves ??= from.serves;
}
