/**
 * The generated code's contract: what the transformer writes and the runtime reads.
 * docs/contract.md describes it in full; this file and transformer/contract.cts are
 * its two ends, and a test checks that their versions agree.
 */

/**
 * Bumped whenever the shape below or the worker-module shape changes so that the other side
 * would misread it; an addition the other side may ignore keeps it (docs/contract.md).
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
