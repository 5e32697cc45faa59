/**
 * Where a call of a marked function runs when it does not run on this process's pool:
 * a backend (tamed/bullmq's cluster, say), opted into per executor, per scope, or per
 * function, never by default. The stub of a compiled marked function carries what a
 * backend needs to find its worker module (STUB_SPEC below).
 */
import type { AsyncTask } from "./task.js";

/**
 * Runs calls of marked functions somewhere other than this process's worker threads.
 * `new AsyncExecutor({ backend })` and `new AsyncScope({ backend })` send every call
 * they make through it. tamed/bullmq's `bullmq({ connection })` makes one.
 */
export interface Backend {
  /** Calls `fn` (a marked function) with `args` there; the task settles with its outcome. */
  call(fn: (...args: never[]) => unknown, args: unknown[]): AsyncTask<unknown>;
}

/** What a compiled stub says about its function, under STUB_SPEC: enough to find its worker module elsewhere. */
export interface StubSpec {
  readonly name: string;
  /** URL of its worker module. */
  readonly url: string;
  /** `makeAsync` (true) or `tamed` (false). */
  readonly cpu: boolean;
  readonly errors: (() => readonly (abstract new (...args: never[]) => Error)[]) | undefined;
}

/** On a compiled stub: its StubSpec (a Symbol.for key: any copy of the runtime reads it). */
export const STUB_SPEC = Symbol.for("tamed.spec");

/** @internal A `backend` option, checked. */
export function checkBackend(owner: string, backend: unknown): Backend | undefined {
  if (backend === undefined) return undefined;
  if (typeof backend !== "object" || backend === null || typeof (backend as Backend).call !== "function") {
    throw new TypeError(`${owner}: \`backend\` must be a backend, such as bullmq({ connection }) from tamed/bullmq`);
  }
  return backend as Backend;
}
