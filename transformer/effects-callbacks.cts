/**
 * The built-ins that call a function they are given before they return (`forEach`, `map`,
 * `reduce`, `sort`, `Array.from`'s mapFn, a `JSON.parse` reviver, `new Promise`'s
 * executor): such a callback, named or inline, runs where the call is, and what it changes
 * through what it is handed is changed there. effects.cts and effects-writes.cts ask
 * calledBack; anything not listed here (timers, `then`, an emitter's `on`) runs later.
 * keptForLater tells a literal handed to a package or a module of Node's apart.
 */
import type * as ts from "typescript";
import type { Context } from "./context.cjs";
import { inLibrary, userOverrides } from "./effects-builtins.cjs";
import { skipOuter } from "./nodes.cjs";

/**
 * How a built-in that calls a function it is given before it returns does so: which
 * argument is the callback, what the callback is handed to change (the receiver, or
 * arguments by index: `forEach`'s elements and array, `reduce`'s accumulator, the source
 * of `Array.from`), and which argument is its `this`.
 */
interface CallsBack {
  readonly callback: number;
  readonly gives: readonly ("receiver" | number)[];
  readonly self?: number;
}

/** Arrays, read-only arrays and typed arrays (and, with `Constructor`, their constructors). */
const ARRAY_LIKE =
  /^(?:(?:Readonly)?Array|(?:Int8|Uint8|Uint8Clamped|Int16|Uint16|Int32|Uint32|Float16|Float32|Float64|BigInt64|BigUint64)Array)$/;

const EACH: CallsBack = { callback: 0, gives: ["receiver"], self: 1 };
const FOLD: CallsBack = { callback: 0, gives: ["receiver", 1] };
const CALLS_BACK_ON_ARRAYS: ReadonlyMap<string, CallsBack> = new Map([
  ...["forEach", "map", "filter", "flatMap", "some", "every", "find", "findIndex", "findLast", "findLastIndex"].map(
    (m) => [m, EACH] as const,
  ),
  ["sort", { callback: 0, gives: ["receiver"] }],
  ["toSorted", { callback: 0, gives: ["receiver"] }],
  ["reduce", FOLD],
  ["reduceRight", FOLD],
]);

/** Every method name callsBackAt knows: a call by any other name is not looked up. */
const CALLS_BACK_NAMES: ReadonlySet<string> = new Set([
  ...CALLS_BACK_ON_ARRAYS.keys(),
  "from",
  "groupBy",
  "replace",
  "replaceAll",
  "parse",
  "stringify",
]);

/**
 * What the method `name` of the built-in interface `owner` calls back before it returns,
 * if it does. Not what calls back later (`setTimeout`, `promise.then`, an emitter's `on`),
 * nor what calls back lazily (an iterator helper's `map`, run as its result is read).
 */
function callsBackAt(owner: string, name: string): CallsBack | undefined {
  if (ARRAY_LIKE.test(owner)) return CALLS_BACK_ON_ARRAYS.get(name);
  if (/^(?:Readonly)?(?:Map|Set)$/.test(owner)) return name === "forEach" ? EACH : undefined;
  if (owner === "IteratorObject") {
    if (name === "reduce") return { callback: 0, gives: [1] };
    return ["forEach", "some", "every", "find"].includes(name) ? { callback: 0, gives: [] } : undefined;
  }
  if (owner.endsWith("Constructor") && ARRAY_LIKE.test(owner.slice(0, -"Constructor".length)))
    return name === "from" ? { callback: 1, gives: [0], self: 2 } : undefined;
  if ((owner === "ObjectConstructor" || owner === "MapConstructor") && name === "groupBy")
    return { callback: 1, gives: [0] };
  if (owner === "String" && (name === "replace" || name === "replaceAll")) return { callback: 1, gives: [] };
  if (owner === "JSON" && name === "parse") return { callback: 1, gives: [] };
  if (owner === "JSON" && name === "stringify") return { callback: 1, gives: [0] };
  return undefined;
}

/** A callback a built-in calls before it returns, with what the call hands it to change and its `this`. */
export interface CalledBack {
  readonly callback: ts.Expression;
  readonly gives: readonly ts.Expression[];
  readonly self: ts.Expression | undefined;
}

/**
 * The function a call of a built-in calls before it returns (`WORDS.forEach(addTo)`,
 * `Array.from(src, toEntry)`, `text.replace(re, count)`, `new Promise(start)`): code that
 * runs where the call is, as an inline callback would. Only the default library's own
 * methods (a name the user's code puts over a built-in's may call back at any time), and
 * only those known to call back at once: anything else (a timer, `then`, an emitter's `on`,
 * a package's function) is taken to call it later, if at all.
 */
export function calledBack(ctx: Context, call: ts.CallExpression | ts.NewExpression): CalledBack | undefined {
  let byCall = calledBackCache.get(ctx.program);
  if (byCall === undefined) calledBackCache.set(ctx.program, (byCall = new WeakMap()));
  if (byCall.has(call)) return byCall.get(call) ?? undefined;
  const back = findCalledBack(ctx, call);
  byCall.set(call, back ?? null);
  return back;
}

/** calledBack's answers by call, once per program (each is a checker call, a round trip with TypeScript 7). */
const calledBackCache = new WeakMap<object, WeakMap<ts.Node, CalledBack | null>>();

function findCalledBack(ctx: Context, call: ts.CallExpression | ts.NewExpression): CalledBack | undefined {
  const { ts, checker } = ctx;
  const args = call.arguments ?? [];
  let callee: ts.Expression = call.expression;
  while (ts.isParenthesizedExpression(callee) || ts.isNonNullExpression(callee)) callee = callee.expression;
  let spec: CallsBack | undefined;
  if (ts.isNewExpression(call)) {
    // The executor of `new Promise(executor)` runs before the constructor returns.
    if (!ts.isIdentifier(callee) || callee.text !== "Promise") return undefined;
    if (!inLibrary(ctx, checker.getSymbolAtLocation(callee)?.declarations ?? [])) return undefined;
    spec = { callback: 0, gives: [] };
  } else {
    if (!ts.isPropertyAccessExpression(callee) || !CALLS_BACK_NAMES.has(callee.name.text)) return undefined;
    const name = callee.name.text;
    const decls = checker.getSymbolAtLocation(callee.name)?.declarations ?? [];
    if (!inLibrary(ctx, decls) || userOverrides(ctx).has(name)) return undefined;
    for (const d of decls) {
      const owner = d.parent !== undefined && ts.isInterfaceDeclaration(d.parent) ? d.parent.name.text : undefined;
      const at = owner === undefined ? undefined : callsBackAt(owner, name);
      if (at === undefined || (spec !== undefined && at.callback !== spec.callback)) return undefined;
      spec ??= at;
    }
  }
  const callback = spec === undefined ? undefined : args[spec.callback];
  if (spec === undefined || callback === undefined) return undefined;
  const receiver = ts.isPropertyAccessExpression(callee) ? callee.expression : undefined;
  const gives = spec.gives
    .map((g) => (g === "receiver" ? receiver : args[g]))
    .filter((e): e is ts.Expression => e !== undefined);
  return { callback, gives, self: spec.self === undefined ? undefined : args[spec.self] };
}

/**
 * A function literal given as an argument to a function that is neither the user's
 * (`calleeFunctions` finds none) nor a built-in that calls it before returning: a handler
 * kept for later as far as tamed can tell (`createServer((req, res) => ...)`, `app.use(...)`).
 */
export function keptForLater(
  ctx: Context,
  fn: ts.Node,
  calleeFunctions: (callee: ts.Expression, isNew: boolean) => readonly ts.Node[],
): boolean {
  const { ts } = ctx;
  let arg = fn;
  while (ts.isParenthesizedExpression(arg.parent) || ts.isAsExpression(arg.parent)) arg = arg.parent;
  const call = arg.parent;
  if (!(ts.isCallExpression(call) || ts.isNewExpression(call)) || call.expression === arg) return false;
  if (calledBack(ctx, call)?.callback === arg) return false;
  return calleeFunctions(skipOuter(ts, call.expression), ts.isNewExpression(call)).length === 0;
}
