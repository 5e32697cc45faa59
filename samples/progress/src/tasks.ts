import { makeAsync } from "tamed";
import { countPrimesBetween } from "./count.js";

export const countPrimes = makeAsync((from: number, to: number): number => countPrimesBetween(from, to));
