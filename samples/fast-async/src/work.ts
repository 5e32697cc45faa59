import { makeAsync, tamed } from "tamed";

/** A request to a slow HTTP endpoint: I/O-bound, awaits. */
export async function slowRequest(url: string): Promise<number> {
  const response = await fetch(url);
  return (await response.text()).length;
}

/** An expensive loop: CPU-bound, never yields. */
export function crunch(rounds: number): number {
  let x = 0;
  for (let i = 0; i < rounds; i++) x = (x * 31 + i) % 1_000_000_007;
  return x;
}

// The same two functions, marked to run on worker threads.
export const slowRequestTask = tamed(async (url: string): Promise<number> => slowRequest(url));
export const crunchTask = makeAsync((rounds: number): number => crunch(rounds));
