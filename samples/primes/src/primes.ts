import { makeAsync } from "tamed";
import { countPrimesBetween } from "./math.js";

/** The same function, marked: each call runs on a worker thread. */
export const countPrimes = makeAsync((from: number, to: number): number => countPrimesBetween(from, to));
