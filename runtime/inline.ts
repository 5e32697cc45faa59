/**
 * Marked functions run on the calling thread: inline mode (tests, debugging), and calls
 * made from inside a worker (a marked function calling another runs it there), with the
 * same AsyncTask API as on the pool. Also the check of what submit / runAsync / spawn /
 * map take (a marked function), and what they make of a function literal the
 * transformer did not compile (inline mode and workers).
 */
import { RAW_FN } from "./protocol.js";
import { settings } from "./settings.js";
import { type CancelledError } from "./errors.js";
import { kCancelled, kOnSettle, kSettle } from "./future-symbols.js";
import { Unfuture } from "./future.js";
import { afterInputs, inputValues } from "./inputs.js";
import { AsyncTask, kStart } from "./task.js";
import { isThenable } from "./thenable.js";
import { transferList } from "./transfer.js";
import { currentThreadId, isWorker } from "./where.js";

/**
 * Runs a marked function on the calling thread, with the same API: inline mode, and
 * calls made from inside a worker (a marked function calling another runs it there).
 */
export function runInline(fn: (...args: unknown[]) => unknown, args: unknown[], name: string): AsyncTask<unknown> {
  const task = new AsyncTask<unknown>(name);
  task[kStart](currentThreadId());
  transferList(args); // on one thread nothing moves: clear the marks, or a later call would move these buffers
  if (args.some((a) => a instanceof Unfuture && !a.done())) {
    // As on the pool: Unfuture arguments are awaited first and their values passed.
    afterInputs(args, task, () => {
      runInline(fn, args, name)[kOnSettle]((inner) => {
        let value: unknown;
        try {
          value = inner.value;
        } catch (e) {
          if (inner.status === "cancelled") task[kCancelled](undefined, e as CancelledError);
          else task[kSettle](false, e);
          return;
        }
        task[kSettle](true, value);
      });
    });
    return task;
  }
  const values = inputValues(args, task);
  if (values === undefined) return task;
  args = values;
  let result: unknown;
  let thenable: boolean;
  try {
    result = fn(...args);
    thenable = isThenable(result); // a `then` getter that throws fails the task, as `await result` would
  } catch (e) {
    task[kSettle](false, e);
    return task;
  }
  if (thenable) {
    (result as PromiseLike<unknown>).then(
      (v) => void task[kSettle](true, v),
      (e) => void task[kSettle](false, e),
    );
  } else {
    task[kSettle](true, result);
  }
  return task;
}

/**
 * The source of a function the transformer compiled a marker call into: a marked
 * declaration's wrapper (`function f(...args) { return (stub ??= tamed(async function f
 * ..., { v: 1, name: "f", module: ... }))(...args) }`), which is not a stub itself until
 * its first call. The descriptor literal (docs/contract.md) survives tsc, esbuild and
 * minifiers alike, which keep object keys.
 */
const COMPILED_MARKER = /\{\s*v\s*:\s*\d+\s*,\s*name\s*:/;

/**
 * @internal What submit / runAsync / spawn / map take: a marked function, checked before
 * anything is called. An unmarked one would run on this thread, its side effects and CPU
 * time spent before its result showed it made no task: refused. In a worker or in inline
 * mode an unmarked function literal is expected (worker bundles and inline runs use the
 * source as written) and runs inline; see inlineTask.
 */
export function checkRunnable(owner: string, fn: unknown): void {
  if (typeof fn !== "function") {
    throw new TypeError(
      `${owner}() takes a function marked with makeAsync or tamed, got ${fn === null ? "null" : typeof fn}`,
    );
  }
  if (RAW_FN in fn || isWorker() || settings.inline || COMPILED_MARKER.test(Function.prototype.toString.call(fn)))
    return;
  const name = fn.name === "" || fn.name.startsWith("bound ") ? "this function" : fn.name;
  const id = /^[A-Za-z_$][\w$]*$/.test(name) ? name : "f";
  throw new TypeError(
    `${owner}(): ${name} is not marked to run on a worker thread, so it would run on this one; nothing was called. ` +
      `Mark it where it is declared: const ${id} = makeAsync((...) => ...), or tamed(async (...) => ...) for async work, ` +
      `or /** @makeAsync */ on an async function declaration. In code built with the tamed transformer, a function literal ` +
      `written in the call runs on a worker too: ${owner}((x) => ${id}(x), ...). Pass the marked function itself, not a bound or wrapped one.`,
  );
}

/**
 * @internal What runAsync / submit / spawn make of a function that returned no task:
 * in a worker or in inline mode, a function literal the transformer did not compile
 * (worker bundles and inline runs use the source as written) runs inline, so its
 * result becomes a task here. Elsewhere it is a mistake: undefined.
 */
export function inlineTask(result: unknown, name: string): AsyncTask<unknown> | undefined {
  if (!isWorker() && !settings.inline) return undefined;
  return runInline(() => result, [], name);
}
