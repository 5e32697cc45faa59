import { threadId } from "node:worker_threads";
import { makeAsync } from "tamed";
import { countPrimes } from "./primes.js";

/** A marker call: counts the primes in [from, to), and says which thread did. */
export const primesIn = makeAsync((from: number, to: number): { count: number; thread: number } => ({
  count: countPrimes(from, to),
  thread: threadId,
}));
