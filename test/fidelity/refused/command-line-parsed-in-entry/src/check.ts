import { makeAsync } from "tamed";
import { InvalidArgumentError } from "fake-commander";

// Uses the package, but not what the command line fills: the entry's parse is nothing to it.
export const check = makeAsync((n: number): number => {
  if (n < 0) throw new InvalidArgumentError(`negative: ${n}`);
  return n;
});
