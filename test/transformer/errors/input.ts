// Error classes the worker may throw: one declared here (named in the descriptor's
// `errors`), one of a helper module the stub's module does not import (imported as a
// namespace by the emitted file), in a wrapper call and in a marked declaration.
import { makeAsync } from "tamed";
import { check } from "./lib/check.js";

class TooBig extends Error {}

export const limited = makeAsync((n: number): number => {
  if (n > 10) throw new TooBig(String(n));
  return check(n);
});

/** @tamed */
export async function checked(n: number): Promise<number> {
  return check(n);
}
