// A module cache in a `let`, filled on first use (in the marked function's own file).
import { makeAsync } from "tamed";

let primes: number[] | undefined;

function primeTable(): number[] {
  if (primes === undefined) {
    const sieve = new Uint8Array(10_000);
    primes = [];
    for (let i = 2; i < sieve.length; i++) {
      if (sieve[i]) continue;
      primes.push(i);
      for (let j = i * i; j < sieve.length; j += i) sieve[j] = 1;
    }
  }
  return primes;
}

export const nthPrime = makeAsync((n: number): number => {
  const p = primeTable()[n];
  if (p === undefined) throw new RangeError(`only ${primeTable().length} primes in the table`);
  return p;
});
