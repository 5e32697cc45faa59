/**
 * How a worker thread dies, told to the pool: an uncaught error from a callback a call
 * left behind after it answered, or a module as it loaded, is reported (STRAY) and the
 * thread goes on; anything
 * else ends the thread, and its last message (DIED) names the calls it had started, with
 * the error that killed it if there was one. The pool reads that message even while its
 * thread is blocked in wait(), which the Worker's own exit event would need the event
 * loop for.
 */
import { calls } from "../call-context.js";
import { DIED, EXIT_THREW, STRAY } from "../protocol.js";
import { toWire, type Wire } from "../wire-error.js";
import { loadedBy } from "./load.js";
import { flushOutput } from "./output.js";
import { describe, send, started } from "./replies.js";

/** A thrown value as it is sent: flattened, or described when even that throws. */
function wireOf(e: unknown): Wire {
  try {
    return toWire(e);
  } catch (x) {
    return { thrown: describe(x) };
  }
}

/**
 * The pool asked this idle thread to end (END): process.exit(), so that its modules' exit
 * handlers run, as the main thread's do when a program ends. Each runs guarded: one that
 * throws is reported (EXIT_THREW) and the others still run, since Node leaves a worker
 * whose exit handler threw running, silent, until it is terminated. What they print goes last.
 */
export function endThread(): never {
  const handlers = process.listeners("exit");
  process.removeAllListeners("exit");
  process.on("exit", (code) => {
    for (const handler of handlers) {
      try {
        handler.call(process, code);
      } catch (e) {
        send([EXIT_THREW, wireOf(e)]);
      }
    }
    flushOutput();
  });
  process.exit(0);
}

/** Who left behind the timer or callback running now: a call that answered, or a module that loaded (`atLoad`). */
interface LeftBehind {
  readonly module: number;
  readonly atLoad: true | undefined;
}

/**
 * Installs the handlers; `loading` holds the calls waiting for their module, and
 * `loaded(index)` says whether a module has finished loading (entry.ts).
 */
export function watchForDeath(loading: ReadonlySet<number>, loaded: (module: number) => boolean): void {
  const leftBehind = (): LeftBehind | undefined => {
    const ctx = calls.getStore();
    if (ctx !== undefined)
      return ctx.module !== undefined && !started.has(ctx.id) && !loading.has(ctx.id)
        ? { module: ctx.module, atLoad: undefined }
        : undefined;
    // Set while its module loaded: while it still loads, the throw is that load's failure. And
    // while calls run, it may be one of theirs: a client made at load (a database's) runs their
    // callbacks from its own timers, so the calls running fail as before, rather than wait forever.
    const module = loadedBy.getStore();
    return module !== undefined && loaded(module) && started.size === 0 ? { module, atLoad: true } : undefined;
  };
  let fatal: unknown;
  process.on("uncaughtException", (e) => {
    const by = leftBehind();
    if (by !== undefined) {
      // Thrown by a timer or callback that a call left behind after it answered: its
      // caller has its result, and the calls beside it are not to blame. The pool reports
      // it, naming the function, and replaces this worker once they are done.
      const wire = wireOf(e);
      send(by.atLoad ? [STRAY, by.module, wire, true] : [STRAY, by.module, wire]);
      return;
    }
    // Anything else ends the thread, as it would without this listener (unless code on
    // the thread listens too: then it is theirs to handle).
    if (process.listenerCount("uncaughtException") > 1) return;
    fatal ??= e;
    process.exit(1);
  });
  process.on("exit", (code) => {
    const ids = [...started];
    const waiting = [...loading];
    // A process.exit() from what a call left behind: no call waiting here is to blame.
    const by = fatal === undefined ? leftBehind() : undefined;
    try {
      send([DIED, code, fatal === undefined ? undefined : toWire(fatal), ids, waiting, by?.module, by?.atLoad]);
    } catch {
      send([DIED, code, undefined, ids, waiting, by?.module, by?.atLoad]);
    }
  });
}
