// Error classes the worker may throw: one declared here (named in the descriptor's
// `errors`), one of a helper module the stub's module does not import (imported as a
// namespace by the emitted file), in a wrapper call and in a marked declaration.
import { makeAsync } from "tamed";
import { check } from "./lib/check.js";

class TooBig extends Error {}

export const limited = makeAsync((n: number): number => {
  if (n > 10) throw new TooBig(String(n));
  return check(n);
}, { v: 1, name: "limited", module: "./__tamed__/input.limited.mjs", base: import.meta.url, errors: () => [TooBig, __tamed_errors_1.CheckError] });

/** @tamed */
export function checked(...__tamed_args) { return (__tamed_checked_1 ??= __tamed_rt.tamed(async function checked(n: number): Promise<number> {
  return check(n);
}, { v: 1, name: "checked", module: "./__tamed__/input.checked.mjs", base: import.meta.url, errors: () => [__tamed_errors_1.CheckError] }))(...__tamed_args); } var __tamed_checked_1;

import * as __tamed_errors_1 from "./lib/check.ts";
import * as __tamed_rt from "tamed";
