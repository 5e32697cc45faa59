/**
 * The errors tamed's build side throws on purpose (the runtime's are in runtime/errors.ts).
 * Each sets `name`, so that a CLI or a bundler shows it as what it is.
 */

/**
 * The project's TypeScript is a version tamed was not tested with. TypeScript 7's compiler
 * API is marked unstable (its entry points were renamed between 7.0 and the 7.1 nightlies),
 * so an unknown version is refused up front rather than failing later with a stack trace.
 */
export class UnsupportedTypeScriptError extends Error {
  override readonly name = "UnsupportedTypeScriptError";
  constructor(
    readonly version: string,
    readonly where: string,
    message: string,
  ) {
    super(message);
    // Printed as it is by whatever shows it (esbuild, Vite, webpack, the CLI): tamed's frames say nothing to the user.
    this.stack = message;
  }
}

/** The esbuild tamed would bundle worker modules with is a version it does not support (esbuild-version.cts). */
export class UnsupportedEsbuildError extends Error {
  override readonly name = "UnsupportedEsbuildError";
  constructor(
    readonly version: string,
    message: string,
  ) {
    super(message);
    this.stack = message; // as UnsupportedTypeScriptError: the message is all the user needs
  }
}
