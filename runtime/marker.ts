import { pathToFileURL } from "node:url";
import { CONTRACT_VERSION, type TaskDescriptor } from "./contract.js";
import { NotCompiledError } from "./errors.js";
import { kSettle } from "./future.js";
import { getPool, type TaskSpec } from "./pool.js";
import { RAW_FN } from "./protocol.js";
import { settings } from "./settings.js";
import { AsyncTask, kStart } from "./task.js";
import { currentThreadId, isWorker } from "./where.js";

type AnyFn = (...args: never[]) => unknown;

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return v !== null && (typeof v === "object" || typeof v === "function") && typeof (v as PromiseLike<unknown>).then === "function";
}

/**
 * Runs a marked function on the calling thread, with the same API: inline mode, and
 * calls made from inside a worker (a marked function calling another runs it there).
 */
function runInline(fn: (...args: unknown[]) => unknown, args: unknown[], name: string): AsyncTask<unknown> {
  const task = new AsyncTask<unknown>(name);
  task[kStart](currentThreadId());
  let result: unknown;
  try {
    result = fn(...args);
  } catch (e) {
    task[kSettle](false, e);
    return task;
  }
  if (isThenable(result)) {
    result.then(
      (v) => void task[kSettle](true, v),
      (e) => void task[kSettle](false, e),
    );
  } else {
    task[kSettle](true, result);
  }
  return task;
}

function resolveSpec(d: TaskDescriptor, name: string, cpu: boolean): TaskSpec {
  if (d.v !== CONTRACT_VERSION) {
    throw new Error(
      `${name}() was compiled by a tamed transformer that speaks contract v${d.v}, but this runtime speaks ` +
        `v${CONTRACT_VERSION}: rebuild the project with the installed tamed`,
    );
  }
  const base = d.base.startsWith("file:") ? d.base : pathToFileURL(d.base).href;
  return { name, url: new URL(d.module, base).href, cpu, module: -1 };
}

function stub(marker: string, fn: unknown, d: TaskDescriptor | undefined, cpu: boolean): AnyFn {
  if (typeof fn !== "function") throw new TypeError(`${marker}() expects a function, got ${fn === null ? "null" : typeof fn}`);
  const raw = fn as (...args: unknown[]) => unknown;
  const name = d?.name ?? (raw.name || "anonymous");
  const knownName = d?.name ?? (raw.name || undefined);
  const spec = d === undefined ? undefined : resolveSpec(d, name, cpu);
  const inWorker = isWorker();
  const call = function (this: unknown, ...args: unknown[]): AsyncTask<unknown> {
    if (inWorker || settings.inline) return runInline(raw, args, name);
    if (spec === undefined) throw new NotCompiledError(knownName, marker);
    return getPool().submit(spec, args, call);
  };
  Object.defineProperty(call, "name", { value: name });
  Object.defineProperty(call, RAW_FN, { value: raw });
  return call;
}

/**
 * Marks a function to run on a worker thread (CPU-bound work). Calls return an
 * {@link AsyncTask}, already running: `await` it, or `wait()` on it from sync code.
 * The tamed transformer moves `fn` with what it uses into a worker module; `fn` may
 * use module-level imports, constants, functions and classes, not local variables.
 *
 * @example
 * export const countPrimes = makeAsync((from: number, to: number): number => {
 *   let n = 0;
 *   for (let i = from; i < to; i++) if (isPrime(i)) n++;
 *   return n;
 * });
 * const n = countPrimes(0, 1_000_000).wait();
 */
export function makeAsync<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => AsyncTask<Awaited<R>>;
export function makeAsync(fn: unknown, descriptor?: TaskDescriptor): AnyFn {
  return stub("makeAsync", fn, descriptor, true);
}

/**
 * Marks an async function to run on a worker thread (I/O-bound work that awaits).
 * Several such calls may share one worker's event loop.
 *
 * @example
 * export const fetchStatus = tamed(async (url: string) => (await fetch(url)).status);
 * console.log(await fetchStatus("http://localhost:8080/"));
 */
export function tamed<A extends unknown[], R>(fn: (...args: A) => PromiseLike<R>): (...args: A) => AsyncTask<Awaited<R>>;
export function tamed(fn: unknown, descriptor?: TaskDescriptor): AnyFn {
  return stub("tamed", fn, descriptor, false);
}
