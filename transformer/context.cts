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
