/**
 * Every error class the runtime throws, in one place. Each sets `name`, so an
 * error printed or sent across threads says what it is.
 */

/** A marked function was called in a program that was not built with the tamed transformer. */
export class NotCompiledError extends Error {
  override name = "NotCompiledError";
  /**
   * `fn` is undefined when the name is unknown: without the transformer, an arrow passed to a marker has none.
   * `message` replaces the explanation of the setup (BuildRefusedError's).
   */
  constructor(fn: string | undefined, marker: string, message?: string) {
    super(
      message ??
        `${fn === undefined ? `A function marked with ${marker}()` : `${fn}()`} was not compiled by the tamed transformer, or the build ` +
          `refused it (the build reported why, in a TS77 diagnostic), so it has no worker module to run in. ` +
          `Build with tamed's plugin: on TypeScript 5.9 or 6, tspc (ts-patch) with { "transform": "tamed/transformer" } in compilerOptions.plugins ` +
          `of tsconfig.json; on TypeScript 7, npx tamed build; or a bundler with tamed's plugin (npx tamed doctor checks the setup). Fix what the build reports; or, to run marked functions on the calling thread (debuggers, test runners), ` +
          `set TAMED_INLINE=1 or call configure({ inline: true }).`,
    );
  }
}

/**
 * A marked function the build refused was called: the build reported a TS77 diagnostic for it
 * (a local it captures, `this`, an argument that cannot be copied, ...) and, as tsc does despite
 * errors, still wrote the JavaScript, but no worker module. The message quotes the diagnostic.
 * A NotCompiledError too, since that is what it is: a function without its worker module.
 */
export class BuildRefusedError extends NotCompiledError {
  override name = "BuildRefusedError";
  readonly fn: string;
  /** What the build reported of the function, a line each, as tsc prints it: `src/a.ts:3:7 - error TS77001: ...`. */
  readonly diagnostics: readonly string[];
  constructor(fn: string, marker: string, diagnostics: readonly string[]) {
    super(
      fn,
      marker,
      `${fn}() was refused by the tamed build, so it has no worker module to run in. The build reported:\n` +
        diagnostics.map((d) => `  ${d}\n`).join("") +
        `Fix what it reports and build again (a build that reports errors may still write its JavaScript, as this one did); ` +
        `or, to run marked functions on the calling thread (debuggers, test runners), set TAMED_INLINE=1 or call configure({ inline: true }).`,
    );
    this.fn = fn;
    this.diagnostics = diagnostics;
  }
}

/** A blocking wait could only finish if the blocked thread itself ran: it throws instead of hanging. */
export class WouldDeadlockError extends Error {
  override name = "WouldDeadlockError";
}

/** `wait({ timeoutMs })` ran out of time. The task keeps running; the wait can be retried. */
export class TimeoutError extends Error {
  override name = "TimeoutError";
}

/** `value` was read before the task settled. */
export class NotReadyError extends Error {
  override name = "NotReadyError";
}

/** The worker thread running a task died (process.exit, fatal error, out of memory) before it replied. */
export class WorkerCrashedError extends Error {
  override name = "WorkerCrashedError";
  readonly exitCode: number | undefined;
  readonly fn: string;
  /** `when` replaces "before the task finished" when the worker died before it began. */
  constructor(fn: string, exitCode: number | undefined, cause?: unknown, when = "before the task finished") {
    const how = exitCode === undefined ? "stopped" : `exited with code ${exitCode}`;
    super(`the worker thread running ${fn}() ${how} ${when}`, cause === undefined ? undefined : { cause });
    this.fn = fn;
    this.exitCode = exitCode;
  }
}

/**
 * An argument or a result could not be copied to another thread (structured clone):
 * a function, a symbol, or an object holding one.
 */
export class DataCloneError extends Error {
  override name = "DataCloneError";
  readonly fn: string;
  /** Index of the argument that failed, `"result"` for a return value, `"error"` for a value the function threw. */
  readonly position: number | "result" | "error";
  constructor(fn: string, position: number | "result" | "error", reason: string) {
    const what =
      position === "result" ? "its return value" : position === "error" ? "the value it threw" : `argument ${position}`;
    super(
      `${fn}(): ${what} cannot be sent to another thread: ${reason}. ` +
        `Only structured-cloneable data crosses threads (primitives, plain objects, arrays, Map, Set, Date, ` +
        `RegExp, ArrayBuffer and typed arrays, Error); pass data, not functions or class instances with methods.`,
    );
    this.fn = fn;
    this.position = position;
  }
}

/** The task was cancelled (by `cancel()`, its scope, or a timeout). A cancellation is not a failure. */
export class CancelledError extends Error {
  override name = "CancelledError";
  /** Why it was cancelled, as given to `cancel(reason)`. */
  readonly reason: unknown;
  constructor(message = "the task was cancelled", reason?: unknown) {
    super(message);
    this.reason = reason;
  }
}

/**
 * Failures of a scope's tasks that nobody observed (awaited, waited on, or read through
 * `value`), thrown when the scope exits, in spawn order.
 */
export class ScopeError extends AggregateError {
  override name = "ScopeError";
}

/** `spawn` on a scope that has exited. */
export class ScopeClosedError extends Error {
  override name = "ScopeClosedError";
}

/** `submit` or `map` on an executor after `shutdown()`. */
export class ExecutorShutdownError extends Error {
  override name = "ExecutorShutdownError";
}

/**
 * A marked function's worker module could not be loaded on the worker thread: the
 * file is missing or cannot be parsed (a stale or partial build), or it threw while
 * loading (code it imports that cannot run off the main thread).
 */
export class WorkerModuleError extends Error {
  override name = "WorkerModuleError";
  readonly fn: string;
  /** URL of the worker module. */
  readonly module: string;
  /** `"exited"`: loading it ended the worker thread (`process.exit()`, or an error thrown outside any call), on every try. */
  readonly reason: "missing" | "unparsable" | "threw" | "exited";
  constructor(
    fn: string,
    module: string,
    reason: "missing" | "unparsable" | "threw" | "exited",
    cause: unknown,
    exitCode?: number,
  ) {
    // Set in sentences of its own: without its closing full stop.
    const why = (cause instanceof Error ? cause.message : String(cause)).replace(/\.$/, "");
    const text =
      reason === "missing"
        ? `its worker module ${module} is missing: the build did not write it (the build reported why, in a TS77 diagnostic), ` +
          `or the __tamed__/ folders were not shipped with the output. Build again, and ship __tamed__/ with the rest`
        : reason === "unparsable"
          ? `its worker module ${module} cannot be loaded (${why}). It comes from another build than this stub: build ` +
            `again with the installed tamed; if the error stays, it is a defect of tamed (a worker module must always load): please report it`
          : reason === "exited"
            ? `its worker module ended the worker thread while loading (exit code ${exitCode ?? "unknown"}${cause === undefined ? "" : `: ${why}`}), each time it was tried. A module-level statement that ${fn}() needs calls process.exit() or throws outside any call on the worker thread: keep it out of the modules ${fn}() imports`
            : `its worker module threw while loading: ${why}. The modules ${fn}() imports run on the worker thread too: keep work that only the main thread can do out of them`;
    super(`${fn}(): ${text}`, cause === undefined ? undefined : { cause });
    this.fn = fn;
    this.module = module;
    this.reason = reason;
  }
}

/**
 * A cluster worker process that had taken a task stopped answering (killed, crashed, or
 * cut off from Redis) before the task finished: its heartbeat expired. The task is not
 * run again, since it may have done part of its work, unless its function was opted into
 * retries (`cluster.idempotent(fn)`, `cluster.bind(fn, { retries })`).
 */
export class WorkerLostError extends Error {
  override name = "WorkerLostError";
  readonly fn: string;
  /** The lost worker process's name (`host:pid:…`), as it registered itself. */
  readonly worker: string;
  /** How many times the call was run, each run lost (more than 1 with retries). */
  readonly tries: number;
  /**
   * `silentMs`: how long the caller has seen no heartbeat, when it was the caller that
   * noticed; `tries`: how many runs the call has had, this one included; `closed`: a
   * retry was due, but the backend had been closed.
   */
  constructor(fn: string, worker: string, silentMs?: number, tries = 1, closed = false) {
    super(
      `the cluster worker process ${worker} running ${fn}() stopped answering (${silentMs === undefined ? "BullMQ found its job stalled" : "its heartbeat expired"}) before the task finished; ` +
        (closed
          ? `the task was not run again: its backend was closed (close()) before the loss was found`
          : tries > 1
            ? `its ${tries} tries were each lost (their worker process, or their job), and its retries are spent`
            : `the task was not run again, since it may have done part of its work. If ${fn}() is safe to run twice, opt it into retries: cluster.idempotent(${fn}, { retries: 2 })`),
    );
    this.fn = fn;
    this.worker = worker;
    this.tries = tries;
  }
}

/**
 * A cluster call's job is gone from Redis before it finished (Redis restarted without
 * persistence, the key was evicted, or someone removed it): it will never settle otherwise.
 */
export class JobLostError extends Error {
  override name = "JobLostError";
  readonly fn: string;
  /** The BullMQ job id (of the last try). */
  readonly job: string;
  /** How many times the call was run, each run lost (more than 1 with retries). */
  readonly tries: number;
  constructor(fn: string, job: string, tries = 1, closed = false) {
    super(
      `the job of ${fn}() (${job}) is gone from Redis before it finished: Redis restarted without persistence, evicted it, or it was removed. ` +
        `Run Redis with appendonly yes and maxmemory-policy noeviction; ` +
        (closed
          ? `the call may or may not have run, and was not run again: its backend was closed (close()) before the loss was found`
          : tries > 1
            ? `its ${tries} tries were each lost (their worker process, or their job), and its retries are spent`
            : `the call may or may not have run`),
    );
    this.fn = fn;
    this.job = job;
    this.tries = tries;
  }
}

/**
 * A call and the worker process that took it come from different builds: the worker
 * did not run it. Deploy the same build (the same __tamed__/ output) to callers and
 * workers, or give each build its own queue.
 */
export class BuildMismatchError extends Error {
  override name = "BuildMismatchError";
  readonly fn: string;
  /**
   * The caller's build tag, and the worker's: the build id (a hash of the build's worker
   * modules) and, after a dot, the version of the wire between tamed's callers and
   * workers (a worker of an older tamed, before the wire had a version, shows its id alone).
   */
  readonly callerBuild: string;
  readonly workerBuild: string;
  constructor(fn: string, callerBuild: string, workerBuild: string, worker: string) {
    super(
      `${fn}() was called by build ${callerBuild} but taken by the cluster worker process ${worker}, which runs build ${workerBuild}; ` +
        `it was not run. Run workers from the same build output as the callers (the same __tamed__/ folders and tamed version), or give each build its own queue`,
    );
    this.fn = fn;
    this.callerBuild = callerBuild;
    this.workerBuild = workerBuild;
  }
}

/**
 * A call asked for something a cluster backend cannot do across machines: moving a
 * buffer with transfer(), or sharing memory through a SharedArrayBuffer. Nothing was sent.
 */
export class ClusterUnsupportedError extends Error {
  override name = "ClusterUnsupportedError";
  readonly fn: string;
  /** Index of the argument at fault. */
  readonly position: number;
  constructor(fn: string, position: number, why: string) {
    super(`${fn}(): argument ${position} ${why}; nothing was sent`);
    this.fn = fn;
    this.position = position;
  }
}

/**
 * tamed's own classes by name. An error made by tamed on a worker thread (a wait() that
 * would deadlock, a scope's ScopeError inside a marked function) is an instance of that
 * thread's copy of the class: the brand below, read under a Symbol.for key that every
 * copy of the runtime on every thread shares, tells the caller's thread to rebuild it
 * as its own class. The names are written out, not read from `C.name`: a bundler may
 * rename a class.
 */
export const TAMED_ERRORS = {
  NotCompiledError,
  BuildRefusedError,
  WouldDeadlockError,
  TimeoutError,
  NotReadyError,
  WorkerCrashedError,
  DataCloneError,
  CancelledError,
  ScopeError,
  ScopeClosedError,
  ExecutorShutdownError,
  WorkerModuleError,
  WorkerLostError,
  JobLostError,
  BuildMismatchError,
  ClusterUnsupportedError,
} as const satisfies Record<string, abstract new (...args: never[]) => Error>;

/** @internal The brand: the class's key in TAMED_ERRORS, on its prototype. */
export const kTamedError = Symbol.for("tamed.error");

for (const [name, C] of Object.entries(TAMED_ERRORS)) Object.defineProperty(C.prototype, kTamedError, { value: name });
