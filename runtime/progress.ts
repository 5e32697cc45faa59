/** onProgress for a batch of tasks (awaitAll, executor.map): what it is told as each task settles, and its checks. */
import { kOnSettle } from "./future-symbols.js";
import type { Unfuture } from "./future.js";
import { checkKeys } from "./options.js";

/** Where a batch stands, each time one of its tasks settles. */
export interface Progress {
  /** Tasks settled so far, this one included (succeeded, failed or cancelled). */
  readonly done: number;
  readonly total: number;
  /** Of those, how many failed or were cancelled. */
  readonly failed: number;
}

export interface BatchOptions {
  /**
   * Called as each task settles, in the order they settle (also while a thread is
   * blocked in `wait()` on the batch). If it throws, the error is rethrown on its own
   * (an uncaught exception, as from an event listener): the batch goes on.
   */
  onProgress?: (progress: Progress) => void;
}

/** Checks the options of awaitAll() or map() and watches the batch if asked to. */
export function watchBatch<T>(owner: string, futures: readonly Unfuture<T>[], options: BatchOptions | undefined): void {
  if (options === undefined) return;
  if (typeof options !== "object" || options === null)
    throw new TypeError(`${owner}: options must be an object like { onProgress }`);
  checkKeys(owner, options, ["onProgress"]);
  const onProgress = options.onProgress;
  if (onProgress === undefined) return;
  if (typeof onProgress !== "function")
    throw new TypeError(`${owner}: \`onProgress\` must be a function, got ${typeof onProgress}`);
  let done = 0;
  let failed = 0;
  const total = futures.length;
  for (const f of futures) {
    f[kOnSettle]((settled) => {
      done++;
      if (settled.status !== "success") failed++;
      try {
        onProgress({ done, total, failed });
      } catch (e) {
        // Not into the settling task's listeners (others observe it too), and not dropped.
        queueMicrotask(() => {
          throw e;
        });
      }
    });
  }
}
