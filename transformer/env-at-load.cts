/**
 * `process.env` read as a module loads, and changed by the entry after that module loaded.
 *
 * Workers share the process's environment (env-access.cts), so what decides what a module
 * reads as it loads is when it loads. On the main thread, an ES module's imports all load
 * before its own code runs: an entry that sets variables in its body (`dotenv.config()`,
 * `process.loadEnvFile()`, `process.env.TZ = "UTC"` after its imports) sets them after every
 * module it imports has read them. A worker loads its modules when the first call comes,
 * after that: `const LEVEL = process.env.LEVEL ?? "info"` is "info" inline and the file's
 * value on a worker. Such a change is refused (TS77016) where it is, with the fix that makes
 * both read the same (and makes the main thread read what the entry meant it to): set the
 * environment before the imports run.
 *
 * Checked: the order in which each entry that loads the function's file (programs.cts) runs
 * its files' top-level code, as Node runs ES modules (imports first, depth first, each file
 * once); a change is a top-level statement whose effects change the environment (effects.cts
 * `env`: directly or in a function it calls), or an import of a module that loads `.env` as it
 * loads (`import "dotenv/config"`) placed after the import that loads the reading file. Reads
 * are the carried code's as a module loads (carry-walk.cts), also in the body of a function
 * called then (env-access.cts envReadsOfCall; not deeper). A change of variables written out
 * (`process.env.TZ = ...`) counts only for reads of them or of any variable.
 */
import type * as ts from "typescript";
import { mayRun } from "./carry-setup.cjs";
import type { Carry } from "./carry.cjs";
import type { Context } from "./context.cjs";
import { finding, where, type Finding } from "./diagnostics.cjs";
import type { EffectAnalysis } from "./effects.cjs";
import { envKey, isProcessEnv, loadsEnv, loadsEnvAsItLoads, writesEnv, type EnvReads } from "./env-access.cjs";
import { packageAt } from "./package-calls.cjs";
import { moduleFormat } from "./module-format.cjs";
import type { ModuleGraph } from "./module-graph.cjs";
import { skipOuter } from "./nodes.cjs";
import { typeOnly, type Programs } from "./programs.cjs";
import * as path from "node:path";

/** What happens to the environment as an entry loads, in order: a module reads it, or code changes it. */
type Event =
  | { readonly read: ts.SourceFile }
  | {
      /** The top-level statement that changes it, or the import of a module that loads `.env`. */
      readonly change: ts.Statement;
      /** The variables it sets, or undefined when it may set any. */
      readonly keys: ReadonlySet<string> | undefined;
    };

export class EnvAtLoad {
  readonly #orders = new Map<string, readonly Event[]>();

  constructor(
    readonly ctx: Context,
    readonly effects: EffectAnalysis,
    readonly graph: ModuleGraph,
    readonly programs: Programs,
  ) {}

  /** The changes of the environment that run, on the main thread, after the function's modules read it as they load. */
  check(carry: Carry, fnName: string, fnFile: ts.SourceFile): Finding[] {
    if (carry.envReads.size === 0) return [];
    const found = new Map<ts.Node, Finding>();
    for (const entry of this.programs.entries(fnFile)) {
      const seen = new Map<ts.SourceFile, EnvReads>();
      for (const event of this.#order(entry, carry.envReads)) {
        if ("read" in event) {
          seen.set(event.read, carry.envReads.get(event.read)!);
          continue;
        }
        for (const [file, reads] of seen) {
          const keys = event.keys;
          if (
            found.has(event.change) ||
            (keys !== undefined && reads.keys !== undefined && ![...keys].some((k) => reads.keys!.has(k)))
          )
            continue;
          const read = reads.first;
          const args = { fn: fnName, file: rel(this.ctx, file), readAt: where(read, this.ctx.cwd, path.relative) };
          const related = [{ node: read, message: `${fnName}'s worker reads process.env here as ${args.file} loads.` }];
          found.set(event.change, finding("envChangedAfterLoad", event.change, args, related));
        }
      }
    }
    return [...found.values()];
  }

  /** What a top-level statement loads: a file of the user's, "env" for a module that loads `.env`, or nothing. */
  #loads(s: ts.Statement): ts.SourceFile | "env" | undefined {
    const { ts } = this.ctx;
    let literal: ts.Expression | undefined;
    if (ts.isImportDeclaration(s) || ts.isExportDeclaration(s)) literal = s.moduleSpecifier;
    else if (ts.isImportEqualsDeclaration(s) && ts.isExternalModuleReference(s.moduleReference))
      literal = s.moduleReference.expression;
    if (literal === undefined || !ts.isStringLiteralLike(literal) || typeOnly(ts, literal)) return undefined;
    if (ts.isImportDeclaration(s) && loadsEnvAsItLoads(literal.text)) return "env";
    return this.graph.targetOfSpecifier(literal);
  }

  /**
   * The entry's events in the order Node runs them: each file once, depth first. An ES module
   * loads all its imports before its own code runs; tsc's CommonJS output requires each where
   * its import was written, between the statements around it.
   */
  #order(entry: ts.SourceFile, reads: ReadonlyMap<ts.SourceFile, EnvReads>): readonly Event[] {
    // Per entry and set of reading files (the events depend on no more than which files read).
    const key = `${entry.fileName}\n${[...reads.keys()].map((f) => f.fileName).join("\n")}`;
    const known = this.#orders.get(key);
    if (known !== undefined) return known;
    const { ts } = this.ctx;
    const out: Event[] = [];
    const seen = new Set<ts.SourceFile>();
    const visit = (sf: ts.SourceFile): void => {
      seen.add(sf);
      const inPlace = moduleFormat(this.ctx, sf) === "cjs";
      const load = (s: ts.Statement): void => {
        const t = this.#loads(s);
        if (t === "env") out.push({ change: s, keys: undefined });
        else if (t !== undefined && !seen.has(t)) visit(t);
      };
      if (!inPlace) for (const s of sf.statements) load(s);
      const first = reads.get(sf)?.first;
      for (const s of sf.statements) {
        if (inPlace) load(s);
        if (first !== undefined && first.getStart(sf) >= s.getStart(sf) && first.getStart(sf) < s.getEnd())
          out.push({ read: sf });
        if (ts.isImportDeclaration(s) || ts.isExportDeclaration(s) || ts.isImportEqualsDeclaration(s)) continue;
        if (mayRun(ts, s) && this.effects.ofStatement(s).env !== undefined)
          out.push({ change: s, keys: keysSet(this.ctx, this.effects, s) });
      }
    };
    visit(entry);
    this.#orders.set(key, out);
    return out;
  }
}

/**
 * The variables a statement sets, when all it does to the environment is written out:
 * `process.env.NAME = ...`, `delete process.env.NAME`, `Object.assign(process.env, { NAME })`,
 * anywhere in it (an `if`, a chain of assignments). Undefined when it may set any: a loader,
 * a computed name, a function of the user's that changes the environment.
 */
function keysSet(ctx: Context, effects: EffectAnalysis, s: ts.Statement): ReadonlySet<string> | undefined {
  const { ts } = ctx;
  const keys = new Set<string>();
  let any = false;
  const keyOf = (target: ts.Expression): void => {
    const t = skipOuter(ts, target);
    if (isProcessEnv(ctx, t))
      any = true; // the whole object
    else if (
      (ts.isPropertyAccessExpression(t) || ts.isElementAccessExpression(t)) &&
      isProcessEnv(ctx, skipOuter(ts, t.expression))
    ) {
      const k = envKey(ctx, skipOuter(ts, t.expression));
      if (k === undefined) any = true;
      else keys.add(k);
    } else if (writesEnv(ctx, t)) any = true; // process.env.A.b = ...
  };
  const visit = (n: ts.Node): void => {
    if (any) return;
    if (
      ts.isBinaryExpression(n) &&
      n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      n.operatorToken.kind <= ts.SyntaxKind.LastAssignment
    )
      keyOf(n.left);
    else if (ts.isDeleteExpression(n)) keyOf(n.expression);
    else if (ts.isCallExpression(n) || ts.isNewExpression(n)) {
      const callee = skipOuter(ts, n.expression);
      const first = n.arguments?.[0];
      if (ts.isPropertyAccessExpression(callee) && first !== undefined && isProcessEnv(ctx, skipOuter(ts, first))) {
        // Object.assign(process.env, { A: "1" }): its keys, when written out; anything else given process.env: any.
        const from = n.arguments!.slice(1).map((a) => skipOuter(ts, a));
        if (
          callee.name.text === "assign" &&
          from.every((a) => ts.isObjectLiteralExpression(a) && literalKeys(ts, a, keys))
        )
          return;
        any = true;
        return;
      }
      if (ts.isCallExpression(n) && loadsEnv(ctx, n, (e) => packageAt(ctx, e))) any = true;
      for (const g of effects.calleeFunctions(callee, ts.isNewExpression(n)))
        if (effects.ofFunction(g).env !== undefined) any = true;
    }
    ts.forEachChild(n, visit);
  };
  visit(s);
  // Its effects say it changes the environment, and no write above says how: anything.
  return any || keys.size === 0 ? undefined : keys;
}

/** Adds an object literal's written-out keys to `keys`; false when one is computed or spread. */
function literalKeys(ts: typeof import("typescript"), o: ts.ObjectLiteralExpression, keys: Set<string>): boolean {
  for (const p of o.properties) {
    if (
      (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) &&
      (ts.isIdentifier(p.name) || ts.isStringLiteralLike(p.name))
    )
      keys.add(p.name.text);
    else return false;
  }
  return true;
}

function rel(ctx: Context, sf: ts.SourceFile): string {
  return path.relative(ctx.cwd, sf.fileName).replaceAll("\\", "/");
}
