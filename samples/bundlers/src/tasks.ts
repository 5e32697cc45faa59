import { threadId } from "node:worker_threads";
import { makeAsync } from "tamed";
import { countPrimes } from "./primes.js";

/** A marker call: counts the primes in [from, to), and says which thread did. */
export const primesIn = makeAsync((from: number, to: number): { count: number; thread: number } => ({ count: countPrimes(from, to), thread: threadId }));

/** A marked declaration (the stub's edit imports the runtime itself). */
/** @tamed */
export async function threadOf(label: string): Promise<string> {
  return `${label}@${threadId}`;
}
