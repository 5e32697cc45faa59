import { makeAsync } from "tamed";

/** The trivial call of the round-trip and throughput rows. */
export const inc = makeAsync((x: number): number => x + 1);

/** CPU-bound work of about `ms` milliseconds, for the scaling row. */
export const spin = makeAsync((ms: number): number => {
  const end = performance.now() + ms;
  let n = 0;
  while (performance.now() < end) n++;
  return n;
});
