import type * as ts from "typescript";

/**
 * What every part of the transformer reads, passed down instead of globals.
 * `ts` is the host compiler's own instance (from ts-patch), never a second copy.
 */
export interface Context {
  readonly ts: typeof ts;
  readonly program: ts.Program;
  readonly checker: ts.TypeChecker;
  readonly options: ts.CompilerOptions;
  /** Directory that relative paths in messages are relative to. */
  readonly cwd: string;
  /**
   * Where the host hands over each AST at a cost (TypeScript 7 sends it over a pipe, about a
   * millisecond a file): the user's files by name, and their text without the AST, so that
   * the analysis fetches the ASTs of the files whose text may matter only. Absent with
   * TypeScript 5.9/6, whose ASTs are in memory.
   */
  readonly userSources?: UserSources;
  /**
   * The main thread runs tsc's JavaScript of the program (tspc, and the language service that
   * shows tspc's diagnostics): worker modules then follow what tsc emits that esbuild does not
   * (decorator metadata: decorator-metadata.cts). Not `tamed build` nor the bundler plugins.
   */
  readonly tscEmit?: true;
}

export interface UserSources {
  readonly names: readonly string[];
  text(fileName: string): string;
}

export function createContext(tsi: typeof ts, program: ts.Program): Context {
  return {
    ts: tsi,
    program,
    checker: program.getTypeChecker(),
    options: program.getCompilerOptions(),
    cwd: program.getCurrentDirectory(),
  };
}
