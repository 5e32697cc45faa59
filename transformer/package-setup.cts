/**
 * Packages that a file no worker loads configures as it loads, or that a file it loads configures
 * in a function the worker does not run.
 *
 * A package keeps its state per copy of its module, so per thread: `Decimal.set({ precision: 4 })`,
 * `dayjs.extend(utc)` or `inspect.defaultOptions.depth = 0` in an app's entry, or in a setup file
 * only the entry imports, configures the main thread's copy. A worker loads its own copy for the
 * marked function, which nothing configured, and computes another answer. The same statement in
 * a file the worker loads is kept there as setup (carry-setup.cts); in a file it does not load,
 * loading that file on workers would run what only the main thread should (the entry), so the
 * build says where to move or import it instead (TS77014), as global-writes.cts does for globals.
 *
 * Checked: the top-level statements that configure a package the carried code imports (effects.cts
 * `packages`: a call of the package's own binding for its effect, `Decimal.set(...)`, or a write
 * through it; `packageCalls`: such a call in a function of the user's the statement calls, `setup();`),
 * in the files of the same program as the marked function's file: those an entry that loads the
 * function's file also loads (of them, the files that name the package, and those that load such a file). A script of the project that never loads it (a seed script
 * that connects the database) configures another process. Not files with markers that do not
 * load the function's file: what one of them configures beside its functions (`dayjs.extend(utc)`
 * above the code that formats in UTC) is for those, and its workers run it (carry-setup.cts);
 * another file's functions that use the same package do without, as the file's author wrote them
 * to. One that loads it (the entry, or the app the entry loads) configures the app the function
 * runs in, whatever else it holds. Nor a call the worker runs the same of (`dayjs.extend(utc)` in
 * the function's own file too). A module of Node's is a set of
 * unrelated functions: configuring one (`inspect.defaultOptions`) counts only for functions that
 * use that export (not for `parseArgs` of the same `node:util`); a package's exports share its state
 * (luxon's `Settings` configures its `DateTime`).
 *
 * In the files a worker loads, the carry keeps the top-level statements that configure a package
 * its code uses, not a call of a function of the user's that does (`setup();`): such a function
 * may also start the app. Those calls are refused (TS77017) rather than dropped, unless the
 * worker's own code calls the function too (a lazy `ensureConfigured()`).
 */
import { isBuiltin } from "node:module";
import * as path from "node:path";
import type * as ts from "typescript";
import type { Carry } from "./carry.cjs";
import { mayRun } from "./carry-setup.cjs";
import type { Context } from "./context.cjs";
import { finding, where, type Finding } from "./diagnostics.cjs";
import type { EffectAnalysis } from "./effects.cjs";
import { packageName } from "./effects-origins.cjs";
import { unloaded } from "./import-advice.cjs";
import { calledOn, configures, parsesCommandLine } from "./package-calls.cjs";
import { enclosingFunction, importOf, resolveAlias, rootOf, topStatement } from "./nodes.cjs";
import type { Programs } from "./programs.cjs";
import { escapeRegExp } from "./text-patterns.cjs";

export class PackageSetup {
  /** The files whose text names one of a set of packages, by the set (marked functions often share one). */
  readonly #mentioning = new Map<string, ts.SourceFile[]>();
  readonly #loading = new Map<ts.SourceFile, ReadonlySet<ts.SourceFile>>();

  constructor(
    readonly ctx: Context,
    readonly effects: EffectAnalysis,
    /** The user's files' texts, by name (analyze.cts userTexts): a file is parsed only if its text names a package. */
    readonly texts: ReadonlyMap<string, string>,
    /** Files with markers. */
    readonly sliced: ReadonlySet<ts.SourceFile>,
    readonly programs: Programs,
  ) {}

  /** The statements outside the worker's files that configure a package the carried code of `fnFile`'s function imports. */
  check(carry: Carry, fnName: string, fnFile: ts.SourceFile): Finding[] {
    const { ctx } = this;
    const { ts } = ctx;
    const used = [...carry.packages].filter((p) => p !== "tamed");
    if (used.length === 0) return [];
    const findings: Finding[] = [];
    const keptCalls = new Set<string>();
    for (const s of carry.setup.keys())
      for (const [, at] of this.effects.ofStatement(s).packages) keptCalls.add(sameCallKey(ctx, at));
    for (const sf of this.#filesNaming(used.sort())) {
      // A file the worker loads runs there what the carry kept of it: a call of a set-up function it
      // did not keep (`setup();`) configures only the main thread's copy. Another file with markers
      // configures for its own functions, unless it loads the function's file (the entry, say):
      // then it configures what the function runs with on the main thread.
      const kept = carry.kept.get(sf);
      if (carry.whole.has(sf)) continue;
      if (kept === undefined && this.sliced.has(sf) && !this.#loaders(fnFile).has(sf)) continue;
      for (const s of sf.statements) {
        if (ts.isImportDeclaration(s) || ts.isExportDeclaration(s) || ts.isImportEqualsDeclaration(s)) continue;
        // A function declaration configures when called, at its call; what the carry kept runs on the worker.
        if (!mayRun(ts, s) || kept?.has(s)) continue;
        const e = this.effects.ofStatement(s);
        const configured = [...(kept === undefined ? e.packages : []), ...e.packageCalls].find(
          ([p, at]) =>
            carry.packages.has(p) &&
            configures(ctx, at) &&
            (!isBuiltin(p) || usesExport(ctx, carry, p, exportConfigured(ctx, at))) &&
            readsParsed(ctx, carry, at) &&
            // A function the worker may run itself (a lazy `ensureConfigured()` its code calls) configures it there too.
            !carry.reached.has(enclosingFunction(ts, at) ?? at),
        );
        if (configured === undefined || (kept === undefined && !this.programs.of(fnFile).has(sf))) continue;
        const [name, at] = configured;
        // The same call kept on the worker (`dayjs.extend(utc)` in the function's file too) sets it up the same.
        if (keptCalls.has(sameCallKey(ctx, at))) continue;
        const pkg = isBuiltin(name) ? `node:${name}` : name;
        const through = topStatement(at) === s ? undefined : where(at, ctx.cwd, path.relative);
        if (kept !== undefined) {
          const args = { fn: fnName, pkg, through: where(at, ctx.cwd, path.relative) };
          findings.push(
            finding("packageSetupInFunction", s, args, [{ node: at, message: `This configures '${pkg}'.` }]),
          );
          continue;
        }
        const args = { fn: fnName, pkg, unloaded: unloaded(this.effects.graph, ctx.cwd, sf, fnFile), through };
        findings.push(finding("packageNotLoaded", s, args, [{ node: at, message: `This configures '${pkg}'.` }]));
      }
    }
    return findings;
  }

  /** The files that load `file`, directly or not (Programs.loaders), once per file. */
  #loaders(file: ts.SourceFile): ReadonlySet<ts.SourceFile> {
    let out = this.#loading.get(file);
    if (out === undefined) this.#loading.set(file, (out = this.programs.loaders([file])));
    return out;
  }

  /**
   * The user's files whose text imports one of `packages` (sorted), and the files that load
   * those: a statement there may configure it by calling a function of theirs (`setup();`).
   */
  #filesNaming(packages: readonly string[]): readonly ts.SourceFile[] {
    const key = packages.join("\n");
    let out = this.#mentioning.get(key);
    if (out !== undefined) return out;
    const names = packages.map(escapeRegExp).join("|");
    const mentions = new RegExp(`["'](?:node:)?(?:${names})(?:/[^"']*)?["']`);
    const naming: ts.SourceFile[] = [];
    for (const [file, text] of this.texts) {
      const sf = mentions.test(text) ? this.ctx.program.getSourceFile(file) : undefined;
      if (sf !== undefined) naming.push(sf);
    }
    out = [...this.programs.loaders(naming)];
    this.#mentioning.set(key, out);
    return out;
  }
}

/**
 * What makes two configuring calls the same: their text, and what each name in it is (`lang` of
 * `dayjs.locale(lang)` is another variable in another file; `utc` of `dayjs.extend(utc)` is the
 * same plugin wherever it is imported).
 */
function sameCallKey(ctx: Context, at: ts.Node): string {
  const { ts, checker } = ctx;
  const ids: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n)) {
      const symbol = checker.getSymbolAtLocation(n);
      const target = symbol === undefined ? undefined : resolveAlias(ctx, symbol);
      const d = target?.declarations?.[0];
      ids.push(d === undefined ? n.text : `${d.getSourceFile().fileName}:${d.pos}`);
    }
    ts.forEachChild(n, visit);
  };
  visit(at);
  return `${at.getText()}\n${ids.join("\n")}`;
}

/** The export of a module of Node's that a statement configures through: `inspect` of `inspect.defaultOptions.depth = 0` (undefined: any). */
function exportConfigured(ctx: Context, at: ts.Node): string | undefined {
  const { ts } = ctx;
  const target = ts.isBinaryExpression(at)
    ? at.left
    : ts.isCallExpression(at)
      ? at.expression
      : ts.isDeleteExpression(at)
        ? at.expression
        : ts.isPrefixUnaryExpression(at) || ts.isPostfixUnaryExpression(at)
          ? at.operand
          : undefined;
  if (target === undefined) return undefined;
  const root = rootOf(ts, target);
  if (!ts.isIdentifier(root)) return undefined;
  const d = ctx.checker.getSymbolAtLocation(root)?.declarations?.[0];
  if (d !== undefined && ts.isImportSpecifier(d)) return (d.propertyName ?? d.name).text;
  // A default or namespace import is the module: the member read of it is the export.
  const member = root.parent;
  return ts.isPropertyAccessExpression(member) && member.expression === root ? member.name.text : undefined;
}

/** Whether the carried code imports `name` of the module of Node's `pkg` (any export for undefined, or a namespace or default import). */
function usesExport(ctx: Context, carry: Carry, pkg: string, name: string | undefined): boolean {
  const { ts } = ctx;
  for (const d of carry.usedBindings) {
    const decl = importOf(ts, d);
    if (decl === undefined || !ts.isStringLiteralLike(decl.moduleSpecifier)) continue;
    if (packageName(decl.moduleSpecifier.text) !== pkg) continue;
    if (name === undefined || !ts.isImportSpecifier(d) || (d.propertyName ?? d.name).text === name) return true;
  }
  return false;
}

/**
 * A command line parsed (`program.parse()`) fills what it is parsed into, the package's own
 * `program`: that matters where the carried code reads it (`program.opts()`), not wherever it
 * uses the package (`throw new InvalidArgumentError(...)`, the options passed as arguments), as
 * carry-setup.cts judges the same call in the function's own file. True for any other call.
 */
function readsParsed(ctx: Context, carry: Carry, at: ts.Node): boolean {
  if (!ctx.ts.isCallExpression(at) || !parsesCommandLine(ctx, at)) return true;
  const on = calledOn(ctx, at);
  return on !== undefined && carry.refs.has(on);
}
