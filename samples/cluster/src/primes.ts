import { makeAsync } from "tamed";

function isPrime(n: number): boolean {
  if (n < 2) return false;
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
  return true;
}

/** Primes in [from, to): CPU-bound work, a few tens of milliseconds per chunk. */
export const countPrimes = makeAsync((from: number, to: number): number => {
  let n = 0;
  for (let i = from; i < to; i++) if (isPrime(i)) n++;
  return n;
});

/** The same count on this thread, to check the cluster's answers. */
export function countHere(from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (isPrime(i)) n++;
  return n;
}
