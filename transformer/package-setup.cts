/**
 * Packages that a file no worker loads configures as it loads.
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
 * through it), in the files of the same program as the marked function's file: those an entry that
 * loads the function's file also loads. A script of the project that never loads it (a seed script
 * that connects the database) configures another process. Not files with markers: what one of
 * them configures beside its functions (`dayjs.extend(utc)` above the code that formats in UTC)
 * is for those, and its workers run it (carry-setup.cts); another file's functions that use the
 * same package do without, as the file's author wrote them to. A module of Node's is a set of
 * unrelated functions: configuring one (`inspect.defaultOptions`) counts only for functions that
 * use that export (not for `parseArgs` of the same `node:util`); a package's exports share its state
 * (luxon's `Settings` configures its `DateTime`).
 */
import { isBuiltin } from "node:module";
import * as path from "node:path";
import type * as ts from "typescript";
import type { Carry } from "./carry.cjs";
import { mayRun } from "./carry-setup.cjs";
import type { Context } from "./context.cjs";
import { finding, type Finding } from "./diagnostics.cjs";
import type { EffectAnalysis } from "./effects.cjs";
import { packageName } from "./effects-origins.cjs";
import { importsBack, specifierFor } from "./import-advice.cjs";
import { rootOf } from "./nodes.cjs";

export class PackageSetup {
  /** The files that run in one process with a file: what loads it, and what those load. */
  readonly #programs = new Map<ts.SourceFile, Set<ts.SourceFile>>();
  /** The files that import a file, by file: the import graph reversed, made at the first need. */
  #importers: Map<ts.SourceFile, ts.SourceFile[]> | undefined;

  constructor(
    readonly ctx: Context,
    readonly effects: EffectAnalysis,
    /** The user's files' texts, by name (analyze.cts userTexts): a file is parsed only if its text names a package. */
    readonly texts: ReadonlyMap<string, string>,
    /** Files with markers. */
    readonly sliced: ReadonlySet<ts.SourceFile>,
  ) {}

  /** The statements outside the worker's files that configure a package the carried code of `fnFile`'s function imports. */
  check(carry: Carry, fnName: string, fnFile: ts.SourceFile): Finding[] {
    const { ctx } = this;
    const { ts } = ctx;
    const used = [...carry.packages].filter((p) => p !== "tamed");
    if (used.length === 0) return [];
    const names = used.map((p) => p.replace(/[\\^$.*+?()[\]{}|-]/g, "\\$&")).join("|");
    const mentions = new RegExp(`["'](?:node:)?(?:${names})(?:/[^"']*)?["']`);
    const findings: Finding[] = [];
    const rel = (f: string): string => path.relative(ctx.cwd, f).replaceAll("\\", "/");
    for (const [file, text] of this.texts) {
      if (!mentions.test(text)) continue;
      const sf = ctx.program.getSourceFile(file);
      if (sf === undefined || carry.kept.has(sf) || carry.whole.has(sf) || this.sliced.has(sf)) continue;
      for (const s of sf.statements) {
        if (ts.isImportDeclaration(s) || ts.isExportDeclaration(s) || ts.isImportEqualsDeclaration(s)) continue;
        if (!mayRun(ts, s)) continue; // a function declaration configures when called, at its call
        const configured = [...this.effects.ofStatement(s).packages].find(
          ([p, at]) => carry.packages.has(p) && (!isBuiltin(p) || usesExport(ctx, carry, p, exportConfigured(ctx, at))),
        );
        if (configured === undefined || !this.#programOf(fnFile).has(sf)) continue;
        const [name, at] = configured;
        const pkg = isBuiltin(name) ? `node:${name}` : name;
        const specifier = importsBack(this.effects.graph, sf, fnFile)
          ? undefined
          : specifierFor(fnFile.fileName, sf.fileName);
        const args = { fn: fnName, pkg, file: rel(sf.fileName), fnFile: rel(fnFile.fileName), specifier };
        findings.push(finding("packageNotLoaded", s, args, [{ node: at, message: `This configures '${pkg}'.` }]));
      }
    }
    return findings;
  }

  /** The files an entry that loads `file` loads too: every file that imports it (directly or not), and all they import. */
  #programOf(file: ts.SourceFile): Set<ts.SourceFile> {
    let out = this.#programs.get(file);
    if (out !== undefined) return out;
    const importers = this.#reversed();
    const loaders = new Set([file]);
    for (const stack = [file]; stack.length > 0;)
      for (const i of importers.get(stack.pop()!) ?? [])
        if (!loaders.has(i)) {
          loaders.add(i);
          stack.push(i);
        }
    out = new Set(loaders);
    for (const stack = [...loaders]; stack.length > 0;)
      for (const literal of this.effects.graph.specifiers(stack.pop()!)) {
        const t = this.effects.graph.targetOfSpecifier(literal);
        if (t !== undefined && !out.has(t)) {
          out.add(t);
          stack.push(t);
        }
      }
    this.#programs.set(file, out);
    return out;
  }

  #reversed(): Map<ts.SourceFile, ts.SourceFile[]> {
    if (this.#importers !== undefined) return this.#importers;
    const importers = new Map<ts.SourceFile, ts.SourceFile[]>();
    for (const name of this.texts.keys()) {
      const sf = this.ctx.program.getSourceFile(name);
      if (sf === undefined) continue;
      for (const literal of this.effects.graph.specifiers(sf)) {
        const t = this.effects.graph.targetOfSpecifier(literal);
        if (t === undefined) continue;
        let list = importers.get(t);
        if (list === undefined) importers.set(t, (list = []));
        if (!list.includes(sf)) list.push(sf);
      }
    }
    return (this.#importers = importers);
  }
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
    const decl = ts.isImportSpecifier(d)
      ? d.parent.parent.parent
      : ts.isImportClause(d)
        ? d.parent
        : ts.isNamespaceImport(d)
          ? d.parent.parent
          : undefined;
    if (decl === undefined || !ts.isStringLiteralLike(decl.moduleSpecifier)) continue;
    if (packageName(decl.moduleSpecifier.text) !== pkg) continue;
    if (name === undefined || !ts.isImportSpecifier(d) || (d.propertyName ?? d.name).text === name) return true;
  }
  return false;
}
