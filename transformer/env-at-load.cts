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
 * are the carried code's as a module loads (carry-walk.cts); a read in a function run at load
 * is not seen. A change of one variable (`process.env.TZ = ...`) counts only for reads of it
 * or of any variable.
 */
import type * as ts from "typescript";
import { mayRun } from "./carry-setup.cjs";
import type { Carry } from "./carry.cjs";
import type { Context } from "./context.cjs";
import { finding, where, type Finding } from "./diagnostics.cjs";
import type { EffectAnalysis } from "./effects.cjs";
import { envKey, isProcessEnv, LOADING_MODULES, type EnvReads } from "./env-access.cjs";
import type { ModuleGraph } from "./module-graph.cjs";
import { skipOuter } from "./nodes.cjs";
import { typeOnly, type Programs } from "./programs.cjs";
import * as path from "node:path";

/** A change of the environment as a file's top-level code runs: at a statement, or an import that loads `.env`. */
interface Change {
  readonly at: ts.Statement;
  /** The one variable it sets, or undefined when it may set any. */
  readonly key: string | undefined;
}

/** What runs as an entry loads, in order: each file's top-level code (after its imports). */
interface Step {
  readonly file: ts.SourceFile;
  /** Imports of `.env` loaders in this file, each with how many steps ran before it. */
  readonly loaders: readonly { readonly at: ts.ImportDeclaration; readonly before: number }[];
}

export class EnvAtLoad {
  readonly #changes = new Map<ts.SourceFile, readonly Change[]>();
  readonly #orders = new Map<ts.SourceFile, readonly Step[]>();
  readonly #entriesOf = new Map<ts.SourceFile, readonly ts.SourceFile[]>();

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
    const report = (at: ts.Statement, file: ts.SourceFile, reads: EnvReads): void => {
      if (found.has(at)) return;
      const read = reads.first;
      const args = { fn: fnName, file: rel(this.ctx, file), readAt: where(read, this.ctx.cwd, path.relative) };
      const related = [{ node: read, message: `${fnName}'s worker reads process.env here as ${args.file} loads.` }];
      found.set(at, finding("envChangedAfterLoad", at, args, related));
    };
    for (const entry of this.#entries(fnFile)) {
      const order = this.#order(entry);
      const index = new Map(order.map((s, i) => [s.file, i]));
      order.forEach((step, i) => {
        for (const [file, reads] of carry.envReads) {
          const at = index.get(file);
          if (at === undefined) continue;
          for (const l of step.loaders) if (at < l.before) report(l.at, file, reads);
          for (const change of this.#changesOf(step.file)) {
            const before = file === step.file ? reads.first.getStart(file) < change.at.getStart(file) : at < i;
            if (before && (change.key === undefined || reads.keys === undefined || reads.keys.has(change.key)))
              report(change.at, file, reads);
          }
        }
      });
    }
    return [...found.values()];
  }

  /** The files of the function's program that no file of it imports: the program's entries (the function's file in a cycle of all). */
  #entries(fnFile: ts.SourceFile): readonly ts.SourceFile[] {
    const known = this.#entriesOf.get(fnFile);
    if (known !== undefined) return known;
    const program = this.programs.of(fnFile);
    const imported = new Set<ts.SourceFile>();
    for (const sf of program) for (const t of this.#imports(sf)) if ("file" in t) imported.add(t.file);
    const entries = [...program].filter((sf) => !imported.has(sf));
    const out = entries.length > 0 ? entries : [fnFile];
    this.#entriesOf.set(fnFile, out);
    return out;
  }

  /** A file's static imports in order: the user's files they load, and the `.env` loaders among packages. */
  #imports(sf: ts.SourceFile): ({ file: ts.SourceFile } | { loader: ts.ImportDeclaration })[] {
    const { ts } = this.ctx;
    const out: ({ file: ts.SourceFile } | { loader: ts.ImportDeclaration })[] = [];
    for (const literal of this.graph.specifiers(sf)) {
      const d = literal.parent;
      if (!ts.isImportDeclaration(d) && !ts.isExportDeclaration(d) && !ts.isExternalModuleReference(d)) continue;
      if (typeOnly(ts, literal)) continue;
      if (ts.isImportDeclaration(d) && LOADING_MODULES.has(literal.text)) out.push({ loader: d });
      const t = this.graph.targetOfSpecifier(literal);
      if (t !== undefined) out.push({ file: t });
    }
    return out;
  }

  /** The order in which the entry's files run their top-level code: imports first, depth first, each once. */
  #order(entry: ts.SourceFile): readonly Step[] {
    let steps = this.#orders.get(entry);
    if (steps !== undefined) return steps;
    const out: Step[] = [];
    const seen = new Set<ts.SourceFile>();
    const visit = (sf: ts.SourceFile): void => {
      seen.add(sf);
      const loaders: Step["loaders"][number][] = [];
      for (const i of this.#imports(sf)) {
        if ("loader" in i) loaders.push({ at: i.loader, before: out.length });
        else if (!seen.has(i.file)) visit(i.file);
      }
      out.push({ file: sf, loaders });
    };
    visit(entry);
    this.#orders.set(entry, (steps = out));
    return steps;
  }

  /** The top-level statements of a file that change the environment, in order. */
  #changesOf(sf: ts.SourceFile): readonly Change[] {
    let out = this.#changes.get(sf);
    if (out !== undefined) return out;
    const { ts } = this.ctx;
    const found: Change[] = [];
    for (const s of sf.statements) {
      if (ts.isImportDeclaration(s) || ts.isExportDeclaration(s) || ts.isImportEqualsDeclaration(s)) continue;
      if (!mayRun(ts, s) || this.effects.ofStatement(s).env === undefined) continue;
      found.push({ at: s, key: oneKey(this.ctx, s) });
    }
    this.#changes.set(sf, (out = found));
    return out;
  }
}

/**
 * The one variable a statement sets, when it is nothing but `process.env.NAME = <no call>`
 * or `delete process.env.NAME` (anything else may set any, in a function it calls too).
 */
function oneKey(ctx: Context, s: ts.Statement): string | undefined {
  const { ts } = ctx;
  if (!ts.isExpressionStatement(s)) return undefined;
  const e = skipOuter(ts, s.expression);
  let target: ts.Expression | undefined;
  if (ts.isDeleteExpression(e)) target = e.expression;
  else if (
    ts.isBinaryExpression(e) &&
    e.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
    e.operatorToken.kind <= ts.SyntaxKind.LastAssignment &&
    !hasCall(ts, e.right)
  )
    target = e.left;
  if (target === undefined) return undefined;
  target = skipOuter(ts, target);
  if (!ts.isPropertyAccessExpression(target) && !ts.isElementAccessExpression(target)) return undefined;
  const on = skipOuter(ts, target.expression);
  return isProcessEnv(ctx, on) ? envKey(ctx, on) : undefined;
}

function hasCall(ts: typeof import("typescript"), n: ts.Node): boolean {
  if (ts.isCallExpression(n) || ts.isNewExpression(n) || ts.isTaggedTemplateExpression(n)) return true;
  return ts.forEachChild(n, (c) => hasCall(ts, c) || undefined) === true;
}

function rel(ctx: Context, sf: ts.SourceFile): string {
  return path.relative(ctx.cwd, sf.fileName).replaceAll("\\", "/");
}
