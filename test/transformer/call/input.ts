// The wrapper call: `const f = makeAsync(fn)` at module level, kept whole with its marker
// when other worker code calls it, unwrapped when nothing does; a marker nested in a
// function keeps only its literal.
import { makeAsync, tamed } from "tamed";
import * as t from "tamed";

const LIMIT = 10;
console.log("top level: stays on the main thread");

function isEven(n: number): boolean {
  return n % 2 === 0;
}

export const square = makeAsync((x: number): number => x * x);

export const sumOfSquares = makeAsync((n: number): number => {
  let sum = 0;
  for (let i = 1; i <= Math.min(n, LIMIT); i++) sum += square(i).wait();
  return sum;
});

export const evens = t.makeAsync(<T extends number>(xs: T[]): T[] => xs.filter((x) => isEven(x)),);

export const later = tamed(async function later(ms: number): Promise<string> {
  return `after ${ms}`;
});

export function hasher() {
  return makeAsync((s: string): string => `${LIMIT}:${s}`);
}
