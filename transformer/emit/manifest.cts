/**
 * `__tamed__/manifest.json`: what the last build wrote, and what each worker module
 * carries and loads (the inventory that `npx tamed inspect` prints). Writing it also
 * removes what the previous build wrote and this one did not.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type * as ts from "typescript";
import type { Analysis, MarkedFunction } from "../analyze.cjs";
import type { Context } from "../context.cjs";
import { ModuleGraph } from "../module-graph.cjs";
import { isAmbient, lineOf, topStatement } from "../nodes.cjs";
import type { BundleResult } from "./build-protocol.cjs";
import { WORKER_DIR } from "./paths.cjs";

const MANIFEST = "manifest.json";

/** A top-level statement, `src/a.ts:12` and its first line. */
export interface Statement {
  readonly at: string;
  readonly code: string;
}

/** What one worker module carries and loads, for `npx tamed inspect`. */
export interface Inventory {
  readonly function: string;
  /** Where the function is, `src/a.ts:12`. */
  readonly source: string;
  /** The worker module, relative to the output root. */
  readonly module: string;
  /** Top-level statements of files with markers it runs at load, and why for setup. */
  readonly runs: readonly (Statement & { readonly setup?: string })[];
  /** Source files bundled into it (files without markers run whole). */
  readonly bundles: readonly string[];
  /**
   * The user's files without markers that it loads whole: all their top-level code runs
   * in each worker, as on the main thread. With where the worker's code imports each, and
   * its statements that do more than declare (`acts`, the first MAX_ACTS; `more` counts the rest).
   */
  readonly whole: readonly {
    readonly file: string;
    readonly via?: string;
    readonly acts: readonly Statement[];
    readonly more?: number;
  }[];
  /** Packages and builtins it imports at run time. */
  readonly imports: readonly string[];
}

interface Manifest {
  readonly note: string;
  readonly outputs: readonly string[];
  readonly modules: readonly Inventory[];
}

function readManifest(file: string): Partial<Manifest> {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as Partial<Manifest>;
  } catch {
    return {};
  }
}

/**
 * Removes what the previous build wrote and this one did not (a worker module of a
 * function since renamed or deleted, or one whose build failed this time: running its
 * old code would be running stale code). Only files listed in the previous build's
 * manifest are ever removed: nothing tamed did not write.
 */
export function writeManifest(root: string, outputs: readonly string[], modules: readonly Inventory[]): void {
  const manifest = path.join(root, WORKER_DIR, MANIFEST);
  const previous = readManifest(manifest).outputs ?? [];
  const now = new Set(outputs);
  for (const rel of previous) {
    const file = path.resolve(root, rel);
    if (now.has(rel) || path.relative(root, file).startsWith("..")) continue;
    fs.rmSync(file, { force: true });
  }
  if (outputs.length === 0 && modules.length === 0) {
    // No marked function left: no manifest either (a project without markers gets no __tamed__/).
    fs.rmSync(manifest, { force: true });
    return;
  }
  fs.mkdirSync(path.dirname(manifest), { recursive: true });
  fs.writeFileSync(manifest, manifestText(outputs, modules));
}

/** The manifest's text (written by writeManifest, or emitted as an asset by a bundler plugin). */
export function manifestText(outputs: readonly string[], modules: readonly Inventory[]): string {
  const m: Manifest = {
    note: "written by tamed's transformer: what its last build emitted, and what each worker module runs (npx tamed inspect)",
    outputs,
    modules,
  };
  return JSON.stringify(m, null, 2) + "\n";
}

function inventory(ctx: Context, m: MarkedFunction, bundles: readonly string[], imports: readonly string[]): Inventory {
  const rel = (f: string): string => path.relative(ctx.cwd, f).replaceAll("\\", "/");
  const statement = (sf: ts.SourceFile, s: ts.Statement): Statement => {
    const code = s.getText(sf).split("\n")[0]!.trim();
    return { at: `${rel(sf.fileName)}:${lineOf(s)}`, code: code.length > 100 ? `${code.slice(0, 97)}...` : code };
  };
  const runs: Inventory["runs"][number][] = [];
  for (const [sf, kept] of m.carry.kept) {
    for (const s of sf.statements) {
      if (!kept.has(s)) continue;
      const why = m.carry.setup.get(s);
      // The write that makes it setup may be in a function of another file (`register()` in lib.ts).
      const whyFile = why?.getSourceFile();
      const setup =
        why === undefined || whyFile === undefined
          ? undefined
          : `sets up what the function uses (${why.getText(whyFile).split("\n")[0]!.trim().slice(0, 60)}${
              whyFile === sf ? "" : `, in ${rel(whyFile.fileName)}:${lineOf(why)}`
            })`;
      runs.push({ ...statement(sf, s), ...(setup === undefined ? {} : { setup }) });
    }
  }
  const via = importers(ctx, m, rel);
  const whole = [...m.carry.whole]
    .filter((sf) => !/\.json$/.test(sf.fileName))
    .sort((a, b) => (a.fileName < b.fileName ? -1 : 1))
    .map((sf) => {
      const acts = sf.statements.filter((s) => actsAtLoad(ctx, s));
      const at = via.get(sf);
      return {
        file: rel(sf.fileName),
        ...(at === undefined ? {} : { via: at }),
        acts: acts.slice(0, MAX_ACTS).map((s) => statement(sf, s)),
        ...(acts.length > MAX_ACTS ? { more: acts.length - MAX_ACTS } : {}),
      };
    });
  return {
    function: m.name,
    source: `${rel(m.sourceFile.fileName)}:${lineOf(m.form.site)}`,
    module: `${m.module.out}.mjs`,
    runs,
    bundles: bundles.map((b) => rel(path.resolve(ctx.cwd, b))),
    whole,
    imports,
  };
}

const MAX_ACTS = 10;

/**
 * Where the worker's code imports each file it loads whole, `src/a.ts:3`: the nearest
 * importer, walking out from the function's file along the imports the worker keeps.
 */
function importers(ctx: Context, m: MarkedFunction, rel: (f: string) => string): Map<ts.SourceFile, string> {
  const graph = new ModuleGraph(ctx);
  const via = new Map<ts.SourceFile, string>();
  const queue = [m.sourceFile];
  const seen = new Set(queue);
  for (let i = 0; i < queue.length; i++) {
    const sf = queue[i]!;
    const kept = m.carry.kept.get(sf);
    for (const literal of graph.specifiers(sf)) {
      if (kept !== undefined && !kept.has(topStatement(literal))) continue;
      const target = graph.targetOfSpecifier(literal);
      if (target === undefined || seen.has(target) || !(m.carry.whole.has(target) || m.carry.kept.has(target)))
        continue;
      seen.add(target);
      queue.push(target);
      if (m.carry.whole.has(target)) via.set(target, `${rel(sf.fileName)}:${lineOf(literal)}`);
    }
  }
  return via;
}

/**
 * A top-level statement that does more than declare as its module loads: a call, a loop,
 * an assignment, `await`, a side-effect import, a decorator. Declarations whose initialisers
 * call only ECMAScript built-ins (`new Map()`, `Object.freeze({...})`) count as declaring.
 */
function actsAtLoad(ctx: Context, s: ts.Statement): boolean {
  const { ts } = ctx;
  if (isAmbient(ts, s)) return false;
  if (ts.isImportDeclaration(s)) return s.importClause === undefined;
  if (
    ts.isExportDeclaration(s) ||
    ts.isImportEqualsDeclaration(s) ||
    ts.isFunctionDeclaration(s) ||
    ts.isInterfaceDeclaration(s) ||
    ts.isTypeAliasDeclaration(s) ||
    ts.isEnumDeclaration(s) ||
    ts.isEmptyStatement(s)
  )
    return false;
  if (ts.isModuleDeclaration(s))
    return s.body !== undefined && ts.isModuleBlock(s.body) && s.body.statements.some((x) => actsAtLoad(ctx, x));
  if (ts.isVariableStatement(s))
    return s.declarationList.declarations.some((d) => d.initializer !== undefined && computes(ctx, d.initializer));
  if (ts.isClassDeclaration(s)) return computes(ctx, s);
  if (ts.isExportAssignment(s)) return computes(ctx, s.expression);
  return true;
}

/** True when evaluating `node` (a class: loading it) calls anything but a built-in, assigns, or awaits. */
function computes(ctx: Context, node: ts.Node): boolean {
  const { ts } = ctx;
  const go = (n: ts.Node): boolean => {
    if (ts.isFunctionLike(n) && !ts.isClassStaticBlockDeclaration(n)) return false; // defined, not run
    if (ts.isClassLike(n)) {
      if ((ts.getDecorators(n)?.length ?? 0) > 0) return true;
      if (
        n.heritageClauses?.some(
          (h) => h.token === ts.SyntaxKind.ExtendsKeyword && h.types.some((t) => go(t.expression)),
        )
      )
        return true;
      return n.members.some((m) => {
        if (ts.isClassStaticBlockDeclaration(m)) return true;
        if (ts.canHaveDecorators(m) && (ts.getDecorators(m)?.length ?? 0) > 0) return true;
        if (m.name !== undefined && ts.isComputedPropertyName(m.name) && go(m.name.expression)) return true;
        const isStatic =
          ts.getModifiers(m as ts.HasModifiers)?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword) ?? false;
        return isStatic && ts.isPropertyDeclaration(m) && m.initializer !== undefined && go(m.initializer);
      });
    }
    if (ts.isCallExpression(n) || ts.isNewExpression(n) || ts.isTaggedTemplateExpression(n)) {
      const callee = ts.isTaggedTemplateExpression(n) ? n.tag : n.expression;
      if (!isBuiltin(ctx, callee)) return true;
    }
    if (ts.isAwaitExpression(n) || ts.isYieldExpression(n) || ts.isDeleteExpression(n)) return true;
    if (
      ts.isBinaryExpression(n) &&
      n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      n.operatorToken.kind <= ts.SyntaxKind.LastAssignment
    )
      return true;
    if (
      (ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) &&
      (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken)
    )
      return true;
    return ts.forEachChild(n, go) ?? false;
  };
  return go(node);
}

/** A callee declared only by the ECMAScript libs (`Map`, `Object.freeze`), not by the DOM's or Node's types. */
function isBuiltin(ctx: Context, callee: ts.Expression): boolean {
  const { ts, checker, program } = ctx;
  const name = ts.isPropertyAccessExpression(callee) ? callee.name : ts.isIdentifier(callee) ? callee : undefined;
  const decls = name === undefined ? undefined : checker.getSymbolAtLocation(name)?.declarations;
  if (decls === undefined || decls.length === 0) return false;
  return decls.every((d) => {
    const sf = d.getSourceFile();
    return program.isSourceFileDefaultLibrary(sf) && /^lib\.es[\w.]*\.d\.ts$/.test(path.basename(sf.fileName));
  });
}

/** After a build: the manifest of what it wrote (and what each module carries); what it no longer writes is removed. */
export function afterBuild(ctx: Context, root: string, analysis: Analysis, result: BundleResult): void {
  const { outputs, modules } = manifestOf(ctx, root, analysis, result);
  writeManifest(root, outputs, modules);
}

/** What a build wrote (relative to `root`) and what each module carries: the manifest's contents. */
export function manifestOf(
  ctx: Context,
  root: string,
  analysis: Analysis,
  result: BundleResult,
): { outputs: string[]; modules: Inventory[] } {
  const outputs: string[] = [];
  const modules: Inventory[] = [];
  for (const e of result.entries) {
    const m = analysis.functions[Number(e.id)];
    if (m === undefined || e.errors.length > 0) continue;
    outputs.push(...e.outputs.map((o) => path.relative(root, path.resolve(ctx.cwd, o)).replaceAll("\\", "/")));
    modules.push(inventory(ctx, m, e.inputs, e.imports));
  }
  return { outputs: outputs.sort(), modules };
}
