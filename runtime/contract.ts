/**
 * The generated code's contract: what the transformer writes and the runtime reads.
 * docs/contract.md describes it in full; this file and transformer/contract.cts are
 * its two ends, and a test checks that their versions agree.
 */

/**
 * Bumped when a runtime of the old version would misread what the transformer writes: a field
 * that changes its meaning or that every descriptor must have, or a new worker-module shape.
 * Additions the other side may ignore are made within a version (docs/contract.md,
 * "Versions"): the descriptor's `errors` and RefusedDescriptor's `refused`, the worker
 * module's ERRORS_EXPORT.
 */
export const CONTRACT_VERSION = 1;

/** The worker module's export `() => [classes]`, in the order of TaskDescriptor.errors. */
export const ERRORS_EXPORT = "__tamed_errors";

/**
 * The transformer turns `makeAsync(fn)` into `makeAsync(fn, descriptor)` (same for
 * `tamed`). The descriptor says where the function's worker module is.
 */
export interface TaskDescriptor {
  /** CONTRACT_VERSION of the transformer that wrote it. */
  readonly v: number;
  /** The function's name, for errors and stacks. */
  readonly name: string;
  /** Path of the worker module, relative to `base`. */
  readonly module: string;
  /** `import.meta.url` of the emitting module (ESM) or its `__filename` (CommonJS). */
  readonly base: string;
  /**
   * The Error subclasses the worker may throw that the emitting module can name, as a
   * thunk (a class declared further down is not initialized when the marker runs): an
   * error of one of these classes is rebuilt as an instance of it on the caller's side.
   * The worker module's ERRORS_EXPORT lists its own copies of them in the same order, and
   * a thrown one is named by its index, since the two copies' names may differ.
   */
  readonly errors?: () => readonly (abstract new (...args: never[]) => Error)[];
}

/**
 * What the transformer gives the marker of a function it refused (a TS77 diagnostic): tsc
 * still emits the JavaScript, and a call then throws BuildRefusedError quoting the diagnostics
 * instead of NotCompiledError. Added within version 1: a descriptor has `module` or `refused`.
 */
export interface RefusedDescriptor {
  /** CONTRACT_VERSION of the transformer that wrote it. */
  readonly v: number;
  /** The function's name, for errors and stacks. */
  readonly name: string;
  /** What the build reported of the function, a line each as tsc prints it: `src/a.ts:3:7 - error TS77001: ...`. */
  readonly refused: readonly string[];
}
