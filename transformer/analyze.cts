/**
 * One pass over the program: every marked function, what its worker needs, and
 * every problem, before any file is emitted. Done once per program.
 */
import type * as ts from "typescript";
import type { Context } from "./context.cjs";
import { boundaryKeywords } from "./boundary.cjs";
import { candidateFiles } from "./candidates.cjs";
import { Carrier, type Carry } from "./carry.cjs";
import { uncloneableSignature } from "./cloneable.cjs";
import { refusalLine, type Finding } from "./diagnostics.cjs";
import { EffectAnalysis } from "./effects.cjs";
import { workerModule } from "./emit/paths.cjs";
import { GlobalWrites } from "./global-writes.cjs";
import { LaterWrites } from "./later-writes.cjs";
import { PackageSetup } from "./package-setup.cjs";
import { BuiltinPatches } from "./builtin-patches.cjs";
import { EnvAtLoad } from "./env-at-load.cjs";
import { Programs } from "./programs.cjs";
import { SideEffectPackages, type PackageImport } from "./side-effect-packages.cjs";
import { LoadOrder } from "./load-order.cjs";
import { markerOf, takerOf, type MarkerKind } from "./markers.cjs";
import { ModuleGraph } from "./module-graph.cjs";
import { extract, type Extracted, type Form, type Refused, type StubForm } from "./forms/index.cjs";
import { errorClassesOf, errorImportsOf, type ErrorImport } from "./error-classes.cjs";
import { isUserFile, resolveAlias } from "./nodes.cjs";
import type { WorkerEntry } from "./emit/module-source.cjs";

export interface MarkedFunction {
  readonly sourceFile: ts.SourceFile;
  /** How it is marked, and the node the stub emitters rewrite (`form.site`): see forms/form.cts. */
  readonly form: Form;
  readonly marker: MarkerKind;
  /** The name it is declared under, for messages and stacks. */
  readonly name: string;
  /** What its worker module carries: statements of files with markers, files loaded whole (see carry.cts). */
  readonly carry: Carry;
  /** How the worker module exports the function. */
  readonly entry: WorkerEntry;
  /** Packages the worker module imports beside its code, as the main thread's entries import them for their effect. */
  readonly firstImports: readonly PackageImport[];
  /** Where the main thread enters the import cycle of the function's file, when another file the worker loads (load-order.cts). */
  readonly cycleEntry: ts.SourceFile | undefined;
  /** Error classes the worker may throw that the stub's module can name: rebuilt as themselves on the caller's side. */
  readonly errorClasses: readonly string[];
  /**
   * Error classes of other modules the worker's code uses, which the stub's module does not
   * import: the emitted file imports each one's module as a namespace, and names it `local.exported`.
   */
  readonly errorImports: readonly ErrorImport[];
  /** The worker module: path under the output root (no extension), and relative to the stub. */
  readonly module: { readonly out: string; readonly fromStub: string };
}

/**
 * A marked function the analysis refused, whose marker call is still there: its stub says
 * why, so a call of what tsc emits anyway reports the diagnostics (docs/contract.md).
 */
export interface RefusedFunction {
  readonly sourceFile: ts.SourceFile;
  readonly form: StubForm;
  readonly marker: MarkerKind;
  readonly name: string;
  /** What the build reports of it, a line each, as its stub quotes them: `src/a.ts:3:7 - error TS77001: ...`. */
  readonly refused: readonly string[];
}

/** Where a function's worker module goes: under the output root (no extension), and relative to its stub. */
export type Layout = (sf: ts.SourceFile, key: string) => { readonly out: string; readonly fromStub: string };

export type { ErrorImport };

export interface Analysis {
  readonly functions: readonly MarkedFunction[];
  /** The marked functions refused with a finding that still have a stub to say so. */
  readonly refused: readonly RefusedFunction[];
  /** Each function, compiled or refused, by its form's site. */
  readonly bySite: ReadonlyMap<ts.Node, MarkedFunction | RefusedFunction>;
  readonly findings: readonly Finding[];
  /**
   * Names of the module-level variables worker code reads: a file that changes one must be
   * in the program for the check of later writes to see it (the esbuild plugin's program
   * starts from the files with markers only).
   */
  readonly readNames: ReadonlySet<string>;
  /** The user's globals worker code reads (globals.cts keys): a file that names one must be in the program too (global-writes.cts). */
  readonly globalReads: ReadonlySet<string>;
}

/** Files tsc compiles from the user's sources (not lib files, not packages, not .d.ts). */
export function userFiles(ctx: Context): ts.SourceFile[] {
  return ctx.program.getSourceFiles().filter((sf) => isUserFile(ctx, sf));
}

const textsByContext = new WeakMap<Context, ReadonlyMap<string, string>>();

/**
 * The user's files' texts by file name, in the program's order; without their ASTs where
 * those cost (Context.userSources). Read once per context: the analysis and `tamed build`'s
 * emit share them.
 */
export function userTexts(ctx: Context): ReadonlyMap<string, string> {
  let known = textsByContext.get(ctx);
  if (known === undefined) {
    const sources = ctx.userSources;
    known =
      sources === undefined
        ? new Map(userFiles(ctx).map((sf) => [sf.fileName, sf.text]))
        : new Map(sources.names.map((name) => [name, sources.text(name)]));
    textsByContext.set(ctx, known);
  }
  return known;
}

/** Worker file names are unique per source file: `f`, then `f_2`, `f_3`. */
function uniqueKey(taken: Map<ts.SourceFile, Set<string>>, sf: ts.SourceFile, name: string): string {
  const names = taken.get(sf) ?? new Set<string>();
  taken.set(sf, names);
  let key = name;
  for (let i = 2; names.has(key); i++) key = `${name}_${i}`;
  names.add(key);
  return key;
}

/** A marked function found in the first pass, before anything is carried: its key now unique in its file. */
interface Site extends Extracted {
  readonly sourceFile: ts.SourceFile;
}

interface Found {
  readonly sites: Site[];
  readonly findings: Finding[];
  /** Functions refused at extraction that have a marker call: with their finding. */
  readonly refused: { readonly fn: Refused; readonly sourceFile: ts.SourceFile; readonly problem: Finding }[];
  /** Symbols of marked functions and stubs: a call of one starts work. */
  readonly marked: Set<ts.Symbol>;
}

/** Every marked function of the program, each with what it needs; then every problem. */
function findSites(ctx: Context, texts: ReadonlyMap<string, string>): Found {
  const { ts, checker } = ctx;
  const out: Found = { sites: [], findings: [], refused: [], marked: new Set() };
  const keys = new Map<ts.SourceFile, Set<string>>();
  const candidates = candidateFiles(texts);
  for (const name of texts.keys()) {
    if (!candidates.has(name)) continue; // no marker can be in it (candidates.cts)
    const sf = ctx.program.getSourceFile(name)!;
    const visit = (node: ts.Node): void => {
      const found = extract(ctx, node);
      if (found !== undefined && "problem" in found) {
        out.findings.push(found.problem);
        if (found.refused !== undefined)
          out.refused.push({ fn: found.refused, sourceFile: sf, problem: found.problem });
      } else if (found !== undefined) {
        const stub = found.stubName === undefined ? undefined : checker.getSymbolAtLocation(found.stubName);
        if (stub !== undefined) out.marked.add(stub);
        out.sites.push({ ...found, sourceFile: sf, key: uniqueKey(keys, sf, found.key) });
      }
      // A method's decorator: its expression is the marker, not a call to look into.
      if (ts.isDecorator(node) && ts.isMethodDeclaration(node.parent)) return;
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}

/** `layout` defaults to tsc's: a `__tamed__/` folder next to each emitted file. */
export function analyze(ctx: Context, layout: Layout = (sf, key) => workerModule(ctx, sf, key)): Analysis {
  const { ts, checker } = ctx;
  const texts = userTexts(ctx);
  const found = findSites(ctx, texts);
  const findings = [...found.findings];
  const sliced = new Set([
    ...found.sites.map((s) => s.sourceFile),
    ...found.findings.flatMap((f) => (f.at === undefined ? [] : [f.at.file])),
  ]);
  const graph = new ModuleGraph(ctx);
  const isCallOf = (call: ts.CallExpression): boolean => {
    const callee = call.expression;
    const id = ts.isIdentifier(callee) ? callee : ts.isPropertyAccessExpression(callee) ? callee.name : undefined;
    const s = id === undefined ? undefined : checker.getSymbolAtLocation(id);
    return s !== undefined && found.marked.has(resolveAlias(ctx, s));
  };
  const effects = new EffectAnalysis(
    ctx,
    graph,
    (call) => isCallOf(call) || takerOf(ctx, call) !== undefined,
    (call) => markerOf(ctx, call) !== undefined || takerOf(ctx, call) !== undefined,
  );
  const carrier = new Carrier(ctx, graph, effects, sliced);
  const carried: { site: Site; carry: Carry; problems: Finding[] }[] = [];
  for (const site of found.sites) {
    const c = carrier.carry(site.sourceFile, site.roots, site.fn, {
      fnName: site.name,
      marker: site.markedBy,
      skip: site.unwrap?.callee,
    });
    // The stub itself is used by carried code (a recursive call, another marked function, an
    // import cycle): the worker keeps the marker, so those calls get tasks as typed.
    let unwrap = site.unwrap !== undefined;
    if (site.unwrap !== undefined) {
      const stub = checker.getSymbolAtLocation(site.unwrap.stub);
      if (stub === undefined || c.refs.has(stub)) {
        c.referenceSkipped();
        unwrap = false;
      }
    }
    const entry: WorkerEntry =
      site.entry.kind === "named" && unwrap ? { ...site.entry, unwrap: site.unwrap!.call } : site.entry;
    const problems = [
      ...boundaryKeywords(ctx, site.fn, site.name, site.markedBy),
      ...c.findings,
      ...uncloneableSignature(ctx, site.fn, site.name),
    ];
    carried.push({ site: { ...site, entry }, carry: c, problems });
  }
  const markedNames = new Map(found.sites.map((s) => [s.fn, s.name]));
  const programs = new Programs(ctx, graph, texts.keys());
  const later = new LaterWrites(ctx, effects, texts, markedNames, programs);
  later.prepare(carried.flatMap((x) => [...x.carry.reads.keys()]));
  const globals = new GlobalWrites(ctx, effects, texts, markedNames);
  globals.prepare(carried.flatMap((x) => [...x.carry.globalReads.keys()]));
  const packageSetup = new PackageSetup(ctx, effects, texts, sliced, programs);
  const builtinPatches = new BuiltinPatches(ctx, effects, sliced, programs);
  const envAtLoad = new EnvAtLoad(ctx, effects, graph, programs);
  const loadOrder = new LoadOrder(ctx, graph, programs);
  const sideEffectPackages = new SideEffectPackages(loadOrder);
  const onWorkers = new Set(carried.flatMap((x) => [...x.carry.reached]));
  const functions: MarkedFunction[] = [];
  const refusal = (problems: readonly Finding[]): string[] => problems.map((f) => refusalLine(f, ctx.cwd));
  const refused: RefusedFunction[] = found.refused.map((r) => ({
    ...r.fn,
    sourceFile: r.sourceFile,
    refused: refusal([r.problem]),
  }));
  /** Per file with markers: the namespace name of each module whose error classes it imports. */
  const errorLocals = new Map<ts.SourceFile, Map<ts.SourceFile, string>>();
  for (const { site, carry, problems } of carried) {
    problems.push(
      ...later.check(carry, site.name, site.sourceFile),
      ...globals.check(carry, site.name, site.sourceFile, onWorkers),
      ...packageSetup.check(carry, site.name, site.sourceFile),
      ...builtinPatches.check(carry, site.name, site.sourceFile),
      ...envAtLoad.check(carry, site.name, site.sourceFile),
    );
    findings.push(...problems);
    if (problems.length > 0) {
      const { sourceFile, form, marker, name } = site;
      refused.push({ sourceFile, form, marker, name, refused: refusal(problems) });
      continue;
    }
    const cycleEntry = loadOrder.cycleEntry(site.sourceFile, (sf) => carry.kept.has(sf) || carry.whole.has(sf));
    const errorClasses = errorClassesOf(ctx, carry.localRefs);
    let locals = errorLocals.get(site.sourceFile);
    if (locals === undefined) errorLocals.set(site.sourceFile, (locals = new Map()));
    const errorImports = errorImportsOf(ctx, carry, site.sourceFile, new Set(errorClasses), locals);
    functions.push({
      sourceFile: site.sourceFile,
      form: site.form,
      marker: site.marker,
      name: site.name,
      carry,
      entry: site.entry,
      firstImports: sideEffectPackages.of(carry, site.sourceFile, cycleEntry ?? site.sourceFile),
      cycleEntry,
      module: layout(site.sourceFile, site.key),
      errorClasses,
      errorImports,
    });
  }
  const bySite = new Map<ts.Node, MarkedFunction | RefusedFunction>(
    [...functions, ...refused].map((f) => [f.form.site, f]),
  );
  const readNames = new Set(carried.flatMap((x) => [...x.carry.reads.keys()].map((s) => s.getName())));
  const globalReads = new Set(carried.flatMap((x) => [...x.carry.globalReads.keys()]));
  return { functions, refused, bySite, findings, readNames, globalReads };
}
