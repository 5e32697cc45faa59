/**
 * `process.env`, as code reads and changes it: the syntax effects.cts and carry-walk.cts
 * ask about for env-at-load.cts.
 *
 * The environment is the process's: workers share it with the main thread (the pool starts
 * them with SHARE_ENV), so code that reads it as it runs reads the same on both. What differs
 * is code that reads it as its module loads, when the entry changes it after its imports have
 * loaded: the main thread's modules read it before the change, a worker's, loaded later, after.
 */
import type * as ts from "typescript";
import type { Context } from "./context.cjs";
import type { EffectAnalysis } from "./effects.cjs";
import { importOf, isUserFile, skipOuter } from "./nodes.cjs";

/**
 * Packages whose functions fill `process.env` from a file, and those functions: dotenv's
 * `config()` (also `configDotenv`, `populate`), dotenv-flow's, dotenvx's, dotenv-expand's `expand()`.
 */
const LOADERS: Readonly<Record<string, ReadonlySet<string>>> = {
  dotenv: new Set(["config", "configDotenv", "populate"]),
  "dotenv-flow": new Set(["config", "load"]),
  "dotenv-expand": new Set(["expand"]),
  "@dotenvx/dotenvx": new Set(["config"]),
};

const LOADER_NAMES = new Set(["loadEnvFile", ...Object.values(LOADERS).flatMap((s) => [...s])]);

/** Modules that fill `process.env` as they load (`import "dotenv/config"`). */
const LOADING_MODULES = /^(?:dotenv|dotenv-flow|@dotenvx\/dotenvx)\/config(?:\.js)?$/;

/** Whether an import of this module fills `process.env` as it loads (`import "dotenv/config"`). */
export function loadsEnvAsItLoads(specifier: string): boolean {
  return LOADING_MODULES.test(specifier);
}

const NODE_PROCESS = new Set(["process", "node:process"]);

/**
 * What an identifier imports from `node:process`, if it does: "*" for the module itself
 * (`import process from "node:process"`, `* as`), else the export's name (`import { env }`).
 */
function fromNodeProcess(ctx: Context, id: ts.Identifier): string | undefined {
  const { ts } = ctx;
  const d = ctx.checker.getSymbolAtLocation(id)?.declarations?.[0];
  if (d === undefined) return undefined;
  const decl = importOf(ts, d);
  if (
    decl === undefined ||
    !ts.isStringLiteralLike(decl.moduleSpecifier) ||
    !NODE_PROCESS.has(decl.moduleSpecifier.text)
  )
    return undefined;
  return ts.isImportSpecifier(d) ? (d.propertyName ?? d.name).text : "*";
}

/**
 * Whether `e` is Node's `process`: the global (not a variable of the user's of that name),
 * `globalThis.process`, or `node:process` imported whole.
 */
function isProcess(ctx: Context, e: ts.Expression): boolean {
  const { ts } = ctx;
  if (ts.isPropertyAccessExpression(e))
    return (
      e.name.text === "process" &&
      ts.isIdentifier(e.expression) &&
      e.expression.text === "globalThis" &&
      !isUsers(ctx, e.expression)
    );
  if (!ts.isIdentifier(e)) return false;
  if (e.text === "process" && !isUsers(ctx, e)) return true;
  return fromNodeProcess(ctx, e) === "*";
}

/** Whether a name is declared in the user's code (an import of it counts as the user's). */
function isUsers(ctx: Context, id: ts.Identifier): boolean {
  const s = ctx.checker.getSymbolAtLocation(id);
  return (s?.declarations ?? []).some((d) => isUserFile(ctx, d.getSourceFile()));
}

/** Whether `n` is `process.env` (or `process["env"]`, or `env` imported from `node:process`). */
export function isProcessEnv(ctx: Context, n: ts.Node): boolean {
  const { ts } = ctx;
  if (ts.isPropertyAccessExpression(n)) return n.name.text === "env" && isProcess(ctx, skipOuter(ts, n.expression));
  if (ts.isElementAccessExpression(n)) {
    const key = skipOuter(ts, n.argumentExpression);
    return ts.isStringLiteralLike(key) && key.text === "env" && isProcess(ctx, skipOuter(ts, n.expression));
  }
  return ts.isIdentifier(n) && namesProcessMember(ctx, n) === "env";
}

/**
 * The member of `process` a name stands for, if it does: `import { env } from "node:process"`,
 * `const { env, loadEnvFile } = process`, `const E = process.env` (which stands for "env").
 */
export function namesProcessMember(ctx: Context, id: ts.Identifier): string | undefined {
  const { ts } = ctx;
  const imported = fromNodeProcess(ctx, id);
  if (imported !== undefined) return imported === "*" ? undefined : imported;
  const d = ctx.checker.getSymbolAtLocation(id)?.declarations?.[0];
  if (d === undefined) return undefined;
  if (ts.isVariableDeclaration(d) && ts.isIdentifier(d.name) && d.initializer !== undefined && isConst(ts, d))
    return isProcessEnv(ctx, skipOuter(ts, d.initializer)) ? "env" : undefined;
  if (ts.isBindingElement(d) && ts.isObjectBindingPattern(d.parent) && ts.isVariableDeclaration(d.parent.parent)) {
    const init = d.parent.parent.initializer;
    const key = d.propertyName ?? d.name;
    if (init !== undefined && ts.isIdentifier(key) && isProcess(ctx, skipOuter(ts, init))) return key.text;
  }
  return undefined;
}

function isConst(ts: typeof import("typescript"), d: ts.VariableDeclaration): boolean {
  return ts.isVariableDeclarationList(d.parent) && (d.parent.flags & ts.NodeFlags.Const) !== 0;
}

/** What code a worker runs as a module loads reads of `process.env` in one file. */
export interface EnvReads {
  /** The first read, by position. */
  first: ts.Node;
  /** The variables read, or undefined when a read may be of any (`process.env[key]`, `{ ...process.env }`). */
  keys: Set<string> | undefined;
}

/** The variable a use of `process.env` (`env`, as isProcessEnv) reads or writes: `.NAME`, `["NAME"]`; undefined for any other use. */
export function envKey(ctx: Context, env: ts.Node): string | undefined {
  const { ts } = ctx;
  let n = env;
  while (ts.isParenthesizedExpression(n.parent) || ts.isNonNullExpression(n.parent)) n = n.parent;
  const p = n.parent;
  if (ts.isPropertyAccessExpression(p) && p.expression === n) return p.name.text;
  if (ts.isElementAccessExpression(p) && p.expression === n) {
    const key = skipOuter(ts, p.argumentExpression);
    return ts.isStringLiteralLike(key) ? key.text : undefined;
  }
  return undefined;
}

/** Whether a write through `target` changes the environment: `process.env.X = ...`, `Object.assign(process.env, ...)`. */
export function writesEnv(ctx: Context, target: ts.Expression): boolean {
  const { ts } = ctx;
  for (let e: ts.Expression = skipOuter(ts, target); ;) {
    if (isProcessEnv(ctx, e)) return true;
    if (!ts.isPropertyAccessExpression(e) && !ts.isElementAccessExpression(e)) return false;
    e = skipOuter(ts, e.expression);
  }
}

/**
 * Whether a call fills the environment: `process.loadEnvFile()`, or a loader of a package in
 * LOADERS (`dotenv.config()`, `config()` imported from dotenv as it is named there). `packageAt` names the package
 * an identifier is imported from (effects-writes.cts).
 */
export function loadsEnv(
  ctx: Context,
  call: ts.CallExpression,
  packageAt: (e: ts.Expression) => string | undefined,
): boolean {
  const { ts } = ctx;
  const callee = skipOuter(ts, call.expression);
  // process["loadEnvFile"](...)
  if (ts.isElementAccessExpression(callee)) {
    const key = skipOuter(ts, callee.argumentExpression);
    return (
      ts.isStringLiteralLike(key) && key.text === "loadEnvFile" && isProcess(ctx, skipOuter(ts, callee.expression))
    );
  }
  // Most calls name none of the loaders: they are told apart without the checker.
  const named = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : "";
  if (!LOADER_NAMES.has(named)) return false;
  if (ts.isPropertyAccessExpression(callee)) {
    const on = skipOuter(ts, callee.expression);
    if (callee.name.text === "loadEnvFile") return isProcess(ctx, on);
    const pkg = packageAt(on);
    return pkg !== undefined && LOADERS[pkg]?.has(callee.name.text) === true;
  }
  if (!ts.isIdentifier(callee)) return false;
  if (callee.text === "loadEnvFile" && namesProcessMember(ctx, callee) === "loadEnvFile") return true;
  // `import { config } from "dotenv"` (not renamed: a loader is told by its name).
  const pkg = packageAt(callee);
  return pkg !== undefined && LOADERS[pkg]?.has(callee.text) === true;
}

/**
 * Records a read of `process.env` (`read`) made as a module loads, at `at` (the read itself, or
 * the call at load of the function that makes it): the first in `at`'s file, and the variable read.
 */
export function addEnvRead(ctx: Context, reads: Map<ts.SourceFile, EnvReads>, read: ts.Node, at: ts.Node): void {
  const sf = at.getSourceFile();
  const key = envKey(ctx, read);
  const known = reads.get(sf);
  if (known === undefined) {
    reads.set(sf, { first: at, keys: key === undefined ? undefined : new Set([key]) });
    return;
  }
  if (at.getStart(sf) < known.first.getStart(sf)) known.first = at;
  if (key === undefined) known.keys = undefined;
  else known.keys?.add(key);
}

/**
 * The reads of `process.env` a call makes in the function it calls (an IIFE, or a function of
 * the user's): its parameters' defaults and its body, not functions inside it, nor what it calls.
 */
export function envReadsOfCall(
  ctx: Context,
  effects: EffectAnalysis,
  call: ts.CallExpression | ts.NewExpression,
): ts.Node[] {
  const { ts } = ctx;
  const callee = skipOuter(ts, call.expression);
  const targets: ts.Node[] =
    ts.isArrowFunction(callee) || ts.isFunctionExpression(callee)
      ? [callee]
      : effects.calleeFunctions(callee, ts.isNewExpression(call));
  return targets.flatMap((f) => readsIn(ctx, f));
}

/** A function's own reads of `process.env` (a function called at load many times is read once). */
const ownReads = new WeakMap<ts.Node, ts.Node[]>();

function readsIn(ctx: Context, f: ts.Node): ts.Node[] {
  const { ts } = ctx;
  let out = ownReads.get(f);
  if (out !== undefined) return out;
  const found: ts.Node[] = [];
  const visit = (n: ts.Node): void => {
    if (isProcessEnv(ctx, n)) found.push(n);
    else if (!ts.isFunctionLike(n)) ts.forEachChild(n, visit);
  };
  if (ts.isFunctionLike(f)) ts.forEachChild(f, (c) => (ts.isTypeNode(c) ? undefined : visit(c)));
  ownReads.set(f, (out = found));
  return out;
}
