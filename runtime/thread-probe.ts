/** Whether a worker thread has stopped, asked synchronously (for a caller blocked in wait()). */
import type { Worker } from "node:worker_threads";

/**
 * Whether a worker thread has stopped, asked synchronously.
 *
 * A worker killed without running JavaScript again (out of memory under resourceLimits,
 * or terminated) leaves only an "exit" event on the pool's thread, and a thread blocked
 * in wait() cannot see events: it would wait forever. Node has no public synchronous
 * liveness check (eventLoopUtilization() answers only after an event-loop turn has seen
 * the worker come online), but the worker's native handle has one: its loopIdleTime()
 * is -1 while the thread has no running environment — before it starts and after it
 * stops. The pool asks only after the worker said it started (ctl[LIVE]), so there -1
 * means stopped. Found by feature test, not by version: if a Node release renames it,
 * this returns undefined and a blocked wait() is back to noticing such a death only
 * when the caller's event loop runs (the test on every Node in CI would show it).
 */
export function stoppedProbe(worker: Worker): (() => boolean) | undefined {
  const key = Object.getOwnPropertySymbols(worker).find((s) => s.description === "kHandle");
  const handle = key === undefined ? undefined : (worker as unknown as Record<symbol, unknown>)[key];
  const idle = (handle as { loopIdleTime?: unknown } | null | undefined)?.loopIdleTime;
  if (typeof idle !== "function") return undefined;
  return () => idle.call(handle) === -1;
}
