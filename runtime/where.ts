/** Where code runs: isWorker() and the current thread's id. */
import { threadId } from "node:worker_threads";
import { WORKER_FLAG } from "./protocol.js";

/** Set once per thread: the worker entry raises the flag before any user module loads. */
const inWorker = (globalThis as Record<symbol, unknown>)[WORKER_FLAG] === true;

/**
 * True when the calling code runs on a tamed worker thread.
 *
 * @example
 * const whereAmI = makeAsync(() => isWorker()); // whereAmI().wait() === true
 */
export function isWorker(): boolean {
  return inWorker;
}

/** The calling thread's id (0 on the main thread). */
export function currentThreadId(): number {
  return threadId;
}
