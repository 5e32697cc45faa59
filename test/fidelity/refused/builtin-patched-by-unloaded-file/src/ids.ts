import { makeAsync } from "tamed";

// Each function is refused at the patches of setup.ts it uses: toJson at both toJSON patches,
// sumAll at Array.prototype.total, stackDepth at the call of longStacks.
export const toJson = makeAsync((n: number): string => JSON.stringify({ id: BigInt(n) }));
export const sumAll = makeAsync((xs: number[]): number => xs.total());
export const stackDepth = makeAsync((): number => new Error("deep").stack!.split("\n").length);
// Uses none of them: not refused (locals named `total` and `stack` are no member reads).
export const double = makeAsync((n: number): number => n * 2);
export const runningTotal = makeAsync((xs: number[]): number => {
  let total = 0;
  for (const stack = [...xs]; stack.length > 0;) total += stack.pop()!;
  return total;
});
