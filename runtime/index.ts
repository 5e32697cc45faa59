export { makeAsync, tamed } from "./marker.js";
export { AsyncTask, DelayedResult } from "./task.js";
export { Unfuture, type Status } from "./future.js";
export { awaitAll, awaitFirst, wait } from "./combinators.js";
export { AsyncScope, type ScopeOptions } from "./scope.js";
export { configure, setMaxThreads, type Settings } from "./settings.js";
export { poolStats } from "./stats.js";
export { isWorker } from "./where.js";
export { checkpoint, taskSignal } from "./call-context.js";
export type { TaskDescriptor } from "./contract.js";
export {
  CancelledError,
  DataCloneError,
  NotCompiledError,
  NotReadyError,
  ScopeClosedError,
  ScopeError,
  TimeoutError,
  WorkerCrashedError,
  WouldDeadlockError,
} from "./errors.js";
