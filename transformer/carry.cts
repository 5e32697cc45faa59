/**
 * What a marked function's worker module carries, and what it runs when it loads.
 *
 * Starting from the function, every identifier it reads is resolved with the type
 * checker and followed to its declaration: inside the function (a local: fine), in a
 * lib or a package (stays a global or an import), in an enclosing function (a captured
 * local: an error), or at module level in one of the user's files. Of a file that holds
 * marked functions (the function's own, or another one worker code imports), only what
 * is used is kept, statement by statement ("sliced": its `main()` must not run in a
 * worker); any other file of the user's is loaded whole, as the main thread loads it.
 *
 * A sliced file's other statements are dropped unless they set up what the worker uses:
 * a loop filling a table the function reads, `registry.set(...)`, a polyfill, a
 * prototype patch, a side-effect import. Those are kept too (see EffectAnalysis), until
 * nothing changes. A statement that sets something up but also starts marked functions
 * (`main()` filling a cache and then calling the function) cannot run in a worker: it is
 * refused with a diagnostic, never silently dropped.
 *
 * Along the way it records which functions the worker may run after load (`reached`)
 * and which module-level variables that code reads (`reads`), for the check of later
 * writes (later-writes.cts), and which of the user's globals the worker's code reads
 * (`globalReads`), for the check of writes the worker does not run (global-writes.cts). Type positions carry nothing: types do not exist at run time.
 *
 * This file holds what carrying gives (Carry) and its entry (Carrier); the walk over
 * references is carry-walk.cts, the statements kept as setup carry-setup.cts.
 */
import type * as ts from "typescript";
import { settle } from "./carry-setup.cjs";
import { Walk } from "./carry-walk.cjs";
import type { Context } from "./context.cjs";
import type { Finding } from "./diagnostics.cjs";
import type { EffectAnalysis } from "./effects.cjs";
import type { EnvReads } from "./env-access.cjs";
import type { ModuleGraph } from "./module-graph.cjs";

export interface Carry {
  /** Files carried statement by statement (files with markers), and the statements kept of each. */
  readonly kept: Map<ts.SourceFile, Set<ts.Statement>>;
  /** Statements kept for what they do as the module loads, with the node that made them needed. */
  readonly setup: Map<ts.Statement, ts.Node>;
  /** Import declarations kept only so that their module loads: their bindings are not used. */
  readonly sideEffectImports: Set<ts.ImportDeclaration>;
  /** Import specifiers (and default/namespace bindings) the carried code uses. */
  readonly usedBindings: Set<ts.Node>;
  /** The user's files loaded whole. */
  readonly whole: Set<ts.SourceFile>;
  /** Functions (function-like nodes) the worker may run after it loads. */
  readonly reached: Set<ts.Node>;
  /** Module-level variables of the user's that code run after load reads, with one place it does. */
  readonly reads: Map<ts.Symbol, ts.Identifier>;
  /**
   * The user's globals (globals.cts keys) that the worker's code reads, at load or after, with one
   * place it does: each thread has its own global object (global-writes.cts).
   */
  readonly globalReads: Map<string, ts.Node>;
  /**
   * Reads of `process.env` in code the worker runs as a module loads, the first in each file
   * (env-at-load.cts): read before the entry changes it on the main thread, after on a worker.
   */
  readonly envReads: Map<ts.SourceFile, EnvReads>;
  /** Declarations (as resolved symbols) the carried code uses. */
  readonly refs: Set<ts.Symbol>;
  /** Packages (and built-in modules) the carried code imports from, by name (effects-origins.cts packageName). */
  readonly packages: Set<string>;
  /** Symbols the carried code of the function's own file names, as written there (imports stay aliases). */
  readonly localRefs: Set<ts.Symbol>;
  /** What statements refused as setup (TS77010) would have set up: not reported again as later writes. */
  readonly refusedSetup: Set<ts.Symbol>;
  readonly findings: Finding[];
}

/** A Carry with nothing in it yet, for a walk to fill. */
export function emptyCarry(): Carry {
  return {
    kept: new Map(),
    setup: new Map(),
    sideEffectImports: new Set(),
    usedBindings: new Set(),
    whole: new Set(),
    reached: new Set(),
    reads: new Map(),
    globalReads: new Map(),
    envReads: new Map(),
    refs: new Set(),
    packages: new Set(),
    localRefs: new Set(),
    refusedSetup: new Set(),
    findings: [],
  };
}

export interface CarryOptions {
  /** The function's name and marker, for messages. */
  readonly fnName: string;
  readonly marker: string;
  /** An identifier not to follow at first: the marker's callee, dropped when nothing else uses the stub. */
  readonly skip?: ts.Identifier | undefined;
}

export class Carrier {
  constructor(
    readonly ctx: Context,
    readonly graph: ModuleGraph,
    readonly effects: EffectAnalysis,
    /** Files with markers: sliced, never loaded whole. */
    readonly sliced: ReadonlySet<ts.SourceFile>,
  ) {}

  /**
   * Carries `roots` (the marked function, or the statement that declares it) from `file`.
   * `rootFns` are run after load (the function itself); the rest are load-time code.
   */
  carry(
    file: ts.SourceFile,
    roots: readonly ts.Statement[],
    rootFn: ts.Node,
    options: CarryOptions,
  ): Carry & { readonly referenceSkipped: () => void } {
    const walk = new Walk(this, file, options, emptyCarry());
    for (const s of roots) walk.keep(file, s);
    walk.run(rootFn);
    settle(walk);
    return Object.assign(walk.result, {
      referenceSkipped: () => {
        walk.unskip();
        settle(walk);
      },
    });
  }
}
