// A memo Map (a const, filled as calls come), seeded at creation.
import { makeAsync } from "tamed";

const memo = new Map<number, bigint>([
  [0, 0n],
  [1, 1n],
]);

function fib(n: number): bigint {
  let v = memo.get(n);
  if (v === undefined) {
    v = fib(n - 1) + fib(n - 2);
    memo.set(n, v);
  }
  return v;
}

export const fibonacci = makeAsync((n: number): string => fib(n).toString());
