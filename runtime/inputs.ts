import { kCancelled, kSettle, Unfuture } from "./future.js";

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
