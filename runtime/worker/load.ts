/**
 * Loading a worker module (the file the transformer emitted for a marked function),
 * and why one failed to load: missing, unparsable, or it threw as it ran.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { ERRORS_EXPORT } from "../contract.js";
import { RAW_FN } from "../protocol.js";
import { setImmediate, setTimeout } from "../timers.js";

/** Timers that hold this thread's event loop (an unref'd one is not counted). */
function activeTimers(): number {
  let n = 0;
  for (const r of process.getActiveResourcesInfo()) if (r === "Timeout") n++;
  return n;
}

export interface Module {
  /** Its index in the pool's module table (what calls name it by). */
  readonly index: number;
  readonly url: string;
  fn: ((...args: unknown[]) => unknown) | undefined;
  /** Its `__tamed_errors()`: the function's error classes, in the descriptor's order (docs/contract.md). */
  errors?: readonly unknown[] | undefined;
  loading: Promise<(...args: unknown[]) => unknown> | undefined;
  /** Milliseconds its synchronous calls take (moving average); Infinity until one ran. */
  cost: number;
}

/** A worker module that failed to load, and why (the caller's side names the function). */
export class LoadFailure {
  constructor(
    readonly reason: "missing" | "unparsable" | "threw",
    readonly cause: unknown,
  ) {}
}

/** Its ERRORS_EXPORT's list; a module built before that export has none, and its errors go by class name. */
function errorClassesOf(thunk: unknown): readonly unknown[] | undefined {
  if (typeof thunk !== "function") return undefined;
  try {
    const list: unknown = thunk();
    return Array.isArray(list) ? list : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The index of the module whose loading started what runs now: a timer or callback a
 * module set as it loaded carries it, as one a call left behind carries the call's
 * context, so an error it throws later is reported naming the function, not blamed on
 * the calls running then (death.ts).
 */
export const loadedBy = new AsyncLocalStorage<number>();

export async function load(m: Module): Promise<(...args: unknown[]) => unknown> {
  let ns: { default?: unknown; [ERRORS_EXPORT]?: unknown };
  const timersBefore = activeTimers();
  try {
    ns = (await loadedBy.run(m.index, () => import(m.url))) as typeof ns;
  } catch (e) {
    const code = (e as { code?: unknown } | null)?.code;
    throw new LoadFailure(
      code === "ERR_MODULE_NOT_FOUND" && String((e as Error).message).includes(m.url.replace("file://", ""))
        ? "missing"
        : e instanceof SyntaxError
          ? "unparsable"
          : "threw",
      e,
    );
  }
  // What the module deferred as it loaded (`process.nextTick(init)`, `setImmediate(loadPlugins)`,
  // `setTimeout(init, 0)`) has run on the main thread before its first call there: here too,
  // before the first call. One turn of the event loop, once per module and thread; if the module
  // set timers as it loaded, first a timer of 1 ms, set after theirs, so those of 0 or 1 ms (what
  // "once loaded" is written as) have fired. Longer ones are not waited for.
  if (activeTimers() > timersBefore) await new Promise<void>((resolve) => setTimeout(resolve, 1));
  await new Promise<void>((resolve) => setImmediate(resolve));
  const d = ns.default as ((...args: unknown[]) => unknown) & { [RAW_FN]?: (...args: unknown[]) => unknown };
  if (typeof d !== "function")
    throw new LoadFailure("unparsable", new TypeError("it has no default-exported function"));
  m.errors = errorClassesOf(ns[ERRORS_EXPORT]);
  m.fn = d[RAW_FN] ?? d;
  return m.fn;
}
