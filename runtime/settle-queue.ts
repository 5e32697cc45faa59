/**
 * The queue that runs futures' settle listeners (future.ts kOnSettle): one queue for
 * every future of the thread, run synchronously, in constant stack, and the one way to
 * settle several futures together (settleTogether).
 */

/** A settle listener, and the future it listens to, of whatever value type. */
type Listener = (f: never) => void;

/**
 * Settle listeners waiting to run, as (future, listener) pairs. A settling future queues
 * its listeners here instead of calling them from inside the settle: a listener that
 * settles another future (a continuation, an adopting future) queues that one's
 * listeners behind it rather than nesting a stack frame, so a chain of any length
 * settles in constant stack, as native promise chains do. Still synchronous: the queue
 * is run to the end before the outermost settle returns, and a wait() inside a listener
 * runs it too (see blocking-wait.ts), so nothing waits for the event loop.
 */
const queue: unknown[] = [];
let head = 0;
let tail = 0;
let running = false;

/**
 * A future's listeners: one as it is (most futures have one: a scope's, awaitAll's, an
 * awaiting wait), more in an array, so that the common case allocates nothing.
 */
export type Listeners<L> = L | L[] | undefined;

export function addListener<L extends (f: never) => void>(list: Listeners<L>, listener: L): Listeners<L> {
  if (list === undefined) return listener;
  if (typeof list === "function") return [list, listener];
  list.push(listener);
  return list;
}

/** Takes the latest `listener` added off the list. */
export function removeListener<L extends (f: never) => void>(list: Listeners<L>, listener: L): Listeners<L> {
  if (list === undefined || typeof list === "function") return list === listener ? undefined : list;
  // From the end: what is taken off is most often what was added last.
  const i = list.lastIndexOf(listener);
  if (i >= 0) list.splice(i, 1);
  return list;
}

/** Queues `listener(future)`; runQueued() runs it. */
export function queueListener(future: object, listener: Listener): void {
  queue[tail++] = future;
  queue[tail++] = listener;
}

/** Runs the queued listeners, unless a run is already under way further up the stack (it will run them). */
export function runQueued(): void {
  if (!running && head < tail) runQueue();
}

/** Listeners are queued: a thread about to block runs them first (they may settle what it waits for). */
export function hasQueued(): boolean {
  return head < tail;
}

/** Runs every queued listener, also from inside a listener (a callback that blocks in wait()). */
export function runQueue(): void {
  const outer = running;
  running = true;
  try {
    while (head < tail) {
      const f = queue[head] as never;
      const listener = queue[head + 1] as Listener;
      queue[head] = queue[head + 1] = undefined;
      head += 2;
      try {
        listener(f);
      } catch (e) {
        // Not into whatever settled the future (a pool reply, another listener), and not dropped.
        queueMicrotask(() => {
          throw e;
        });
      }
    }
    // The array keeps its room: shrinking it (length = 0) after every settle made each
    // settle allocate it again, which cost more than the listeners. Not after a burst.
    head = tail = 0;
    if (queue.length > 1024) queue.length = 0;
  } finally {
    running = outer;
  }
}

/**
 * @internal Runs `settle`, which settles several futures in one step (the pool failing
 * every call of a worker that died), and their listeners only after the last of them:
 * a listener that waits on another future settled in the same step then finds it
 * settled, instead of a future nothing will settle while it waits (WouldDeadlockError).
 */
export function settleTogether(settle: () => void): void {
  const outer = running;
  running = true;
  try {
    settle();
  } finally {
    running = outer;
  }
  if (!outer && head < tail) runQueue();
}
