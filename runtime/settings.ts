/** The pool's settings (configure, setMaxThreads): their defaults, checks, and who is told when they change. */
import { availableParallelism } from "node:os";
import type { ResourceLimits } from "node:worker_threads";
import { checkBoolean, checkKeys, checkPositiveInt, checkTimeout } from "./options.js";

/** Pool settings. Read by the pool each time it starts a worker. */
export interface Settings {
  /**
   * Most worker threads running CPU-bound (`makeAsync`) calls at once, and most hosting
   * async (`tamed`) calls: the two lanes never wait for each other (see
   * pool/placement.ts). Idle threads above it are stopped.
   * @default os.availableParallelism()
   */
  maxThreads: number;
  /**
   * Run marked functions on the calling thread instead of a worker (debuggers, test
   * runners that do not build with tspc). Same API, no parallelism.
   * @default process.env.TAMED_INLINE === "1"
   */
  inline: boolean;
  /**
   * V8 heap limits for each worker thread, as for `new Worker(..., { resourceLimits })`.
   * @default undefined (Node's defaults)
   */
  resourceLimits: ResourceLimits | undefined;
  /**
   * How long a cancelled task may take to stop by itself (checkpoint(), taskSignal())
   * before its worker is terminated (CPU-bound) or it is let go (async). At most
   * 2147483647 (about 24.8 days).
   * @default 250
   */
  graceMs: number;
  /**
   * Worker threads started with the pool (before the first call) and kept when idle.
   * @default 0
   */
  minThreads: number;
  /**
   * Idle workers above `minThreads` are stopped after this long. Idle workers never keep
   * the process alive, so this only gives memory back. At most 2147483647 (about 24.8
   * days), or Infinity: never.
   * @default Infinity
   */
  idleTimeoutMs: number;
  /**
   * How many `tamed` (async) tasks may share one worker's event loop at once; more wait
   * in the pool's queue. `makeAsync` tasks always get a worker to themselves. A worker
   * has a claim cell per async task it may hold, made when it starts (at most 65536):
   * one started before this was raised keeps its number, and new workers get more.
   * @default 512
   */
  asyncTasksPerWorker: number;
  /**
   * Record where each task was called, so that its failure's stack ends with the
   * caller's frames. A capture costs 2-5 µs (V8 walks the stack and keeps the frames
   * until the task settles), so by default it is made while fewer than 128 calls are
   * pending: a call in a burst beyond that says in its stack that its site was not
   * recorded. `"all"` records every call's site; `false`, none.
   * @default true
   */
  callSites: boolean | "all";
}

export const settings: Settings = {
  maxThreads: availableParallelism(),
  inline: process.env["TAMED_INLINE"] === "1",
  resourceLimits: undefined,
  graceMs: 250,
  minThreads: 0,
  idleTimeoutMs: Infinity,
  asyncTasksPerWorker: 512,
  callSites: true,
};

/** A Set: a listener removed while configure() tells them is skipped, and the others are still told. */
const listeners = new Set<() => void>();

/**
 * @internal The pool listens, to retire workers when `maxThreads` goes down. Returns the
 * function that stops listening: a pool that was shut down calls it, or this module would
 * keep every pool the process ever started.
 */
export function onSettingsChange(listener: () => void): () => void {
  const own = (): void => listener(); // the same function added twice is two listeners
  listeners.add(own);
  return () => listeners.delete(own);
}

const KEYS = [
  "maxThreads",
  "minThreads",
  "idleTimeoutMs",
  "inline",
  "resourceLimits",
  "graceMs",
  "asyncTasksPerWorker",
  "callSites",
] as const;

/**
 * Changes pool settings; takes effect for the next task.
 *
 * @example
 * configure({ maxThreads: 4, resourceLimits: { maxOldGenerationSizeMb: 256 } });
 */
export function configure(options: Partial<Settings>): void {
  if (typeof options !== "object" || options === null) throw new TypeError("configure(): options must be an object");
  checkKeys("configure()", options, KEYS);
  const next = { ...settings };
  if (options.maxThreads !== undefined)
    next.maxThreads = checkPositiveInt("configure()", "maxThreads", options.maxThreads);
  if (options.inline !== undefined) next.inline = checkBoolean("configure()", "inline", options.inline);
  if (options.asyncTasksPerWorker !== undefined) {
    next.asyncTasksPerWorker = checkPositiveInt("configure()", "asyncTasksPerWorker", options.asyncTasksPerWorker);
  }
  if (options.callSites !== undefined)
    next.callSites =
      options.callSites === "all" ? "all" : checkBoolean("configure()", "callSites", options.callSites, '"all"');
  if (options.graceMs !== undefined) next.graceMs = checkTimeout("configure()", "graceMs", options.graceMs);
  if (options.minThreads !== undefined) {
    const n = options.minThreads;
    next.minThreads = n === 0 ? 0 : checkPositiveInt("configure()", "minThreads", n);
  }
  if (options.idleTimeoutMs !== undefined) {
    next.idleTimeoutMs = checkTimeout("configure()", "idleTimeoutMs", options.idleTimeoutMs, true);
  }
  if (next.minThreads > next.maxThreads) {
    throw new RangeError(
      `configure(): \`minThreads\` (${next.minThreads}) must not be more than \`maxThreads\` (${next.maxThreads})`,
    );
  }
  if ("resourceLimits" in options) {
    const r = options.resourceLimits;
    if (r !== undefined && (typeof r !== "object" || r === null)) {
      throw new TypeError("configure(): `resourceLimits` must be an object like { maxOldGenerationSizeMb: 256 }");
    }
    next.resourceLimits = r;
  }
  Object.assign(settings, next);
  for (const l of listeners) l();
}

/**
 * Sets the most worker threads the pool runs at once (fast-async's `set_max_threads`).
 *
 * @example
 * setMaxThreads(1); // tasks run one after another, in submission order
 */
export function setMaxThreads(n: number): void {
  configure({ maxThreads: checkPositiveInt("setMaxThreads()", "n", n) });
}
