/** The package's public API (`tamed`): what each name is, is in the module it comes from. */
export { makeAsync, tamed, type Inputs, type Marked } from "./marker.js";
export { AsyncTask, DelayedResult } from "./task.js";
export { Unfuture, type Status } from "./future.js";
export { asCompleted, awaitAll, awaitFirst, wait, type SettledFuture } from "./combinators.js";
export type { BatchOptions, Progress } from "./progress.js";
export { AsyncScope, type ScopeOptions } from "./scope.js";
export { AsyncExecutor, MapResults, runAsync, type ExecutorOptions } from "./executor.js";
export { configure, setMaxThreads, type Settings } from "./settings.js";
export { poolStats } from "./stats.js";
export { shutdown } from "./pool/pool.js";
export { isWorker } from "./where.js";
export { checkpoint, taskSignal } from "./call-context.js";
export { transfer } from "./transfer.js";
export type { TaskDescriptor } from "./contract.js";
export type { Backend } from "./backend.js";
export {
  BuildRefusedError,
  CancelledError,
  DataCloneError,
  ExecutorShutdownError,
  NotCompiledError,
  NotReadyError,
  ScopeClosedError,
  ScopeError,
  TimeoutError,
  WorkerCrashedError,
  WorkerModuleError,
  WorkerLostError,
  JobLostError,
  BuildMismatchError,
  ClusterUnsupportedError,
  WouldDeadlockError,
} from "./errors.js";
