/**
 * The order in which the main thread loads a program's files: each entry that loads a
 * function's file (programs.cts), the files its top-level imports name in statement order,
 * depth first, each file once. That is how Node runs ES modules, and how tsc's CommonJS output
 * requires them. A worker module loads what it carries from the function's file instead, so
 * where the two orders differ the worker must be told: the packages an entry imports for their
 * effect (side-effect-packages.cts), and where the main thread enters an import cycle.
 *
 * An import cycle runs the file it is entered through last: the entry imports A, A imports B,
 * B imports A back (A is loading: B goes on without it), so B runs first. A worker module that
 * entered the cycle at the function's file B would run A first, and code A runs as it loads
 * that needs B (`class Square extends Shape`) would find it not there yet: the module throws
 * as it loads, or computes with what is missing. So the worker module enters the cycle where
 * the main thread does (module-request.cts).
 */
import type * as ts from "typescript";
import type { Context } from "./context.cjs";
import type { ModuleGraph } from "./module-graph.cjs";
import { moduleFormat } from "./module-format.cjs";
import { loadsAtRunTime, type Programs } from "./programs.cjs";

/** What a top-level statement loads: a file of the user's, or a bare import of anything else (`import "pkg"`). */
export type Step =
  | { readonly file: ts.SourceFile }
  | {
      readonly bare: string;
      /** Whether tsc's output of the importing file requires it (CommonJS) rather than imports it. */
      readonly require: boolean;
    };

/** A bare import, and the file whose statement it is. */
export type BareImport = Extract<Step, { bare: string }> & { readonly from: ts.SourceFile };

/** One function's program as its entries load it: files in the order first reached, bare imports in the order run. */
interface Walk {
  readonly files: ts.SourceFile[];
  readonly bare: BareImport[];
  /** How many of `bare` run before each file is first reached. */
  readonly before: Map<ts.SourceFile, number>;
}

export class LoadOrder {
  readonly #steps = new Map<ts.SourceFile, readonly Step[]>();
  readonly #walks = new Map<ts.SourceFile, Walk>();

  constructor(
    readonly ctx: Context,
    readonly graph: ModuleGraph,
    readonly programs: Programs,
  ) {}

  /** What the file's top-level imports, re-exports and `import x = require()` load, in statement order. */
  stepsOf(sf: ts.SourceFile): readonly Step[] {
    let steps = this.#steps.get(sf);
    if (steps !== undefined) return steps;
    const { ts } = this.ctx;
    const require = moduleFormat(this.ctx, sf) === "cjs";
    const found: Step[] = [];
    for (const s of sf.statements) {
      if (!loadsAtRunTime(this.ctx, s)) continue; // not an import, or one tsc drops
      const file = this.graph.targetOf(s);
      if (file !== undefined) found.push({ file });
      else if (ts.isImportDeclaration(s) && s.importClause === undefined && ts.isStringLiteralLike(s.moduleSpecifier))
        found.push({ bare: s.moduleSpecifier.text, require });
    }
    this.#steps.set(sf, (steps = found));
    return steps;
  }

  /** The files of the function's program in the order its entries first reach them (each entry in turn). */
  reached(fnFile: ts.SourceFile): readonly ts.SourceFile[] {
    return this.#walk(fnFile).files;
  }

  /** The bare imports of the function's program in the order the main thread runs them, each with its file. */
  bareImports(fnFile: ts.SourceFile): readonly BareImport[] {
    return this.#walk(fnFile).bare;
  }

  /** How many of bareImports(fnFile) the main thread runs before it first reaches `sf` (all, when it never does). */
  bareBefore(fnFile: ts.SourceFile, sf: ts.SourceFile): number {
    const walk = this.#walk(fnFile);
    return walk.before.get(sf) ?? walk.bare.length;
  }

  #walk(fnFile: ts.SourceFile): Walk {
    let out = this.#walks.get(fnFile);
    if (out !== undefined) return out;
    out = { files: [], bare: [], before: new Map() };
    const { files, bare, before } = out;
    const seen = new Set<ts.SourceFile>();
    const visit = (sf: ts.SourceFile): void => {
      seen.add(sf);
      files.push(sf);
      before.set(sf, bare.length);
      for (const step of this.stepsOf(sf))
        if (!("file" in step)) bare.push({ ...step, from: sf });
        else if (!seen.has(step.file)) visit(step.file);
    };
    for (const entry of this.programs.entries(fnFile)) if (!seen.has(entry)) visit(entry);
    this.#walks.set(fnFile, out);
    return out;
  }

  /**
   * The file through which the main thread enters the import cycle of the function's file,
   * when that is another file the worker loads: the first file the entries reach that the
   * worker loads and that imports the function's file back, directly or not.
   */
  cycleEntry(fnFile: ts.SourceFile, loaded: (sf: ts.SourceFile) => boolean): ts.SourceFile | undefined {
    for (const sf of this.reached(fnFile)) {
      if (sf === fnFile) return undefined;
      if (loaded(sf) && this.#reaches(sf, fnFile)) return sf;
    }
    return undefined;
  }

  /** Whether loading `from` loads `to`. */
  #reaches(from: ts.SourceFile, to: ts.SourceFile): boolean {
    const seen = new Set([from]);
    for (const stack = [from]; stack.length > 0;)
      for (const step of this.stepsOf(stack.pop()!)) {
        if (!("file" in step) || seen.has(step.file)) continue;
        if (step.file === to) return true;
        seen.add(step.file);
        stack.push(step.file);
      }
    return false;
  }
}
