/** Unfuture arguments of a call (a task's result feeding the next): awaited before the call starts, their values sent. */
import { kCancelled, kOffSettle, kOnSettle, kSettle } from "./future-symbols.js";
import { Unfuture } from "./future.js";

/**
 * Calls `ready` once every Unfuture among a call's arguments has settled (at once when
 * none is pending), synchronously, so a blocked wait() sees the call start. If the call's
 * task settles first (cancelled while it waits), its listeners come off the arguments and
 * `abandoned` runs: an argument that stays pending, or settles much later, would
 * otherwise keep the call and all its arguments alive until then.
 */
export function afterInputs(
  args: readonly unknown[],
  task: Unfuture<unknown>,
  ready: () => void,
  abandoned?: () => void,
): void {
  const pending = args.filter((a): a is Unfuture<unknown> => a instanceof Unfuture && !a.done());
  if (pending.length === 0) {
    ready();
    return;
  }
  let left = pending.length;
  const settled = (): void => {
    if (--left > 0) return;
    task[kOffSettle](giveUp);
    ready();
  };
  const giveUp = (): void => {
    for (const p of pending) p[kOffSettle](settled);
    abandoned?.();
  };
  task[kOnSettle](giveUp);
  for (const p of pending) p[kOnSettle](settled);
}

/**
 * A call's argument values once every Unfuture among them has settled (on the pool and
 * inline alike). A failed argument fails `task` with its error and a cancelled one
 * cancels it; then the call is not made and this returns undefined.
 */
export function inputValues(args: readonly unknown[], task: Unfuture<unknown>): unknown[] | undefined {
  const values: unknown[] = [];
  for (const a of args) {
    if (!(a instanceof Unfuture)) {
      values.push(a);
      continue;
    }
    try {
      values.push(a.value);
    } catch (e) {
      if (a.status === "cancelled") task[kCancelled](undefined);
      else task[kSettle](false, e);
      return undefined;
    }
  }
  return values;
}
