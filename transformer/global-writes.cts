/**
 * The user's globals that code a worker does not run writes, which a worker never sees.
 *
 * Each thread has its own global object: on a worker, a global (globals.cts) holds only what
 * the code the worker runs put there. A marked function may read one (through the code it
 * carries, at load or after) only if every write of it is code the worker runs too: a
 * top-level statement of a file the worker loads (the kept setup of a file with markers, a
 * file the function's code imports), or a function the worker may call. Two writes are not:
 *
 * - a top-level statement of a file the worker does not load (a plugin that only the entry
 *   imports, filling a registry on `globalThis`): refused with TS77013 at the statement, which
 *   says what to import where. Loading such a file on workers by itself would run what only
 *   the main thread should (the entry, a server), so the build says it instead of doing it.
 * - a write in a function only the main thread runs (`setLocale()` called by `main()`):
 *   refused with TS77002, as later-writes.cts refuses the same for module-level variables.
 *   Unlike a module-level variable (each worker module has its own copy of every module), a
 *   global is the thread's: a write by code another marked function runs is not refused.
 *
 * Writes are EffectAnalysis's sure ones, traced to the global their path starts from
 * (globals.cts globalsWritten), also through another name for the global object (`const g =
 * globalThis; g.REG = ...`, globals.cts isGlobalObject). As for module-level variables, a
 * function both the worker and main-only code call counts as the worker's.
 */
import * as path from "node:path";
import type * as ts from "typescript";
import type { Carry } from "./carry.cjs";
import type { Context } from "./context.cjs";
import { finding, where, type Finding } from "./diagnostics.cjs";
import type { EffectAnalysis } from "./effects.cjs";
import { globalsWritten } from "./globals.cjs";
import { unloaded } from "./import-advice.cjs";
import { describeWriter, markedAround, workerRuns, type WriteSite } from "./later-writes.cjs";
import { contains, enclosingFunction, topStatement, type FunctionNode } from "./nodes.cjs";
import { wordsPattern } from "./text-patterns.cjs";

export class GlobalWrites {
  /** Write sites by global key. */
  readonly #sites = new Map<string, WriteSite[]>();
  readonly #wanted = new Set<string>();
  /** The files scanned, by name. */
  readonly #scanned = new Set<string>();

  constructor(
    readonly ctx: Context,
    readonly effects: EffectAnalysis,
    /** The user's files' texts, by name (analyze.cts userTexts): a file's AST is fetched only if its text names a global. */
    readonly texts: ReadonlyMap<string, string>,
    /** The name of a marked function, by its function node. */
    readonly marked: ReadonlyMap<ts.Node, string>,
  ) {}

  /** Indexes the writes of these globals across the user's files (once for all marked functions). */
  prepare(keys: Iterable<string>): void {
    for (const k of keys) this.#wanted.add(k);
    if (this.#wanted.size === 0) return;
    const pattern = namesPattern([...this.#wanted]);
    for (const [name, text] of this.texts) {
      if (this.#scanned.has(name) || !pattern.test(text)) continue;
      this.#scanned.add(name);
      this.#scan(this.ctx.program.getSourceFile(name)!, pattern);
    }
  }

  #scan(sf: ts.SourceFile, pattern: RegExp): void {
    const { ts } = this.ctx;
    // Only a node whose text names a global can write it (the costly symbol lookups come after).
    const mayWrite = (n: ts.Node): boolean => {
      const written =
        ts.isCallExpression(n) || ts.isNewExpression(n) || ts.isDeleteExpression(n)
          ? n
          : ts.isBinaryExpression(n)
            ? n.left
            : ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)
              ? n.operand
              : undefined;
      return written !== undefined && pattern.test(written.getText());
    };
    const visit = (n: ts.Node, fn: FunctionNode | undefined): void => {
      if (ts.isTypeNode(n) || ts.isInterfaceDeclaration(n) || ts.isTypeAliasDeclaration(n)) return;
      if (mayWrite(n))
        this.effects.writesAt(n, fn, (target, sure) => {
          if (!sure) return;
          for (const key of globalsWritten(this.ctx, n, target)) {
            if (!this.#wanted.has(key)) continue;
            let list = this.#sites.get(key);
            if (list === undefined) this.#sites.set(key, (list = []));
            // One write, one site: `(globalThis.REG ??= new Map()).set(k, v)` is the call's alone.
            if (!list.some((s) => contains(s.node, n))) list.push({ node: n, fn: enclosingFunction(ts, n) });
          }
        });
      const inner = ts.isFunctionLike(n) && "body" in n ? (n as FunctionNode) : fn;
      ts.forEachChild(n, (c) => visit(c, inner));
    };
    visit(sf, undefined);
  }

  /**
   * The writes outside the worker's code of the globals the carried code of `fnFile`'s function
   * reads. `onWorkers`: the functions any marked function's worker may run; a global is the
   * thread's, so what one marked function writes there is another's to read on that thread, as
   * on the main thread (test/fixtures/transfer keeps what a worker made this way).
   */
  check(carry: Carry, fnName: string, fnFile: ts.SourceFile, onWorkers: ReadonlySet<ts.Node>): Finding[] {
    const { ctx } = this;
    const findings: Finding[] = [];
    const rel = (f: string): string => path.relative(ctx.cwd, f).replaceAll("\\", "/");
    for (const [key, read] of carry.globalReads) {
      const statements = new Set<ts.Statement>();
      for (const site of this.#sites.get(key) ?? []) {
        if (workerRuns(ctx, carry, site) || (site.fn !== undefined && runsOn(ctx.ts, site.fn, onWorkers))) continue;
        const related = [{ node: read, message: `${fnName} reads '${key}' here, on a worker.` }];
        const readAt = where(read, ctx.cwd, path.relative);
        const sf = site.node.getSourceFile();
        if (site.fn !== undefined) {
          const inMarked = markedAround(this.marked, site.node);
          const writer = describeWriter(ctx.ts, site, inMarked);
          const args = {
            fn: fnName,
            name: key,
            readAt,
            writer,
            byMarked: inMarked !== undefined,
            globalIn: rel(fnFile.fileName),
          };
          findings.push(finding("laterWrite", site.node, args, related));
        } else if (!carry.kept.has(sf) && !statements.has(topStatement(site.node))) {
          statements.add(topStatement(site.node));
          const args = { fn: fnName, name: key, readAt, unloaded: unloaded(this.effects.graph, ctx.cwd, sf, fnFile) };
          findings.push(finding("globalNotLoaded", topStatement(site.node), args, related));
        }
        // A statement of a file with markers the worker loads, not kept: refused as setup (TS77010) already.
      }
    }
    return findings;
  }
}

/** Whether `fn`, or a function around it, is among `reached`. */
function runsOn(ts: typeof import("typescript"), fn: ts.Node, reached: ReadonlySet<ts.Node>): boolean {
  for (let n: ts.Node | undefined = fn; n !== undefined && !ts.isSourceFile(n); n = n.parent)
    if (reached.has(n)) return true;
  return false;
}

/** A pattern that finds any of these keys in a file's text (a Symbol.for key by its string). */
export function namesPattern(keys: readonly string[]): RegExp {
  const words = keys.map((k) => {
    const m = /^\[Symbol\.for\((".*")\)\]$/.exec(k);
    const text = m === null ? k : (JSON.parse(m[1]!) as string);
    return text;
  });
  return wordsPattern(words);
}
