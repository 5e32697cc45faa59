// What README.md's examples use without defining it (countPrimes, slowEcho, url, ...),
// written as a user of tamed would write it. test/readme.test.mjs copies this file next
// to the examples it compiles and imports from it the names each example uses. Keep the
// results the README's comments state true: countPrimes(0, 100_000) is 9592,
// compliment(200, "You are") is [200, "You are very awesome!"], length("ccc") is 3.
import { setTimeout as sleep } from "node:timers/promises";
import { makeAsync, tamed, taskSignal } from "tamed";

/** Trial division: plain CPU work. */
export function isPrime(n: number): boolean {
  if (n < 2) return false;
  if (n % 2 === 0) return n === 2;
  for (let d = 3; d * d <= n; d += 2) if (n % d === 0) return false;
  return true;
}

export const countPrimes = makeAsync((from: number, to: number): number => {
  let n = 0;
  for (let i = from; i < to; i++) if (isPrime(i)) n++;
  return n;
});

/** Ranges to count primes in, as a batch. */
export const ranges: Array<[number, number]> = [
  [0, 50_000],
  [50_000, 100_000],
  [100_000, 150_000],
  [150_000, 200_000],
];

export const hello = makeAsync((msg: string): string => msg);

export const length = makeAsync((s: string): number => s.length);

export const compliment = makeAsync((status: number, name: string): [number, string] => [
  status,
  `${name} very awesome!`,
]);

export const fetchStatus = tamed(async (url: string): Promise<number> => (await fetch(url)).status);

/** The same file on two mirrors: whichever answers first wins. */
export const url = "/releases/v1.0.0.tar.gz";
const MIRROR_A = "https://mirror-a.example.org";
const MIRROR_B = "https://mirror-b.example.org";
export const fromMirrorA = tamed(async (path: string): Promise<string> => (await fetch(MIRROR_A + path)).text());
export const fromMirrorB = tamed(async (path: string): Promise<string> => (await fetch(MIRROR_B + path)).text());

/** @tamed */
export async function slowEcho(msg: string, ms: number): Promise<string> {
  await sleep(ms);
  return msg;
}

/** A background loop: ticks until it is cancelled. */
export const ticker = tamed(async (ms: number): Promise<void> => {
  for (;;) await sleep(ms, undefined, { signal: taskSignal() });
});

export const sum = makeAsync((bytes: Uint8Array): number => {
  let s = 0;
  for (const b of bytes) s += b;
  return s;
});
