// tamed's side of the benchmark: the same task bodies as bench/workers/tasks.mjs (the peers'
// and floors' side), written as a user would, as marked functions. The scenario runners
// check every result against the JavaScript versions, so the two copies cannot drift apart.
import { makeAsync, tamed } from "tamed";
import { setTimeout as sleep } from "node:timers/promises";

export const inc = makeAsync((x: number): number => x + 1);

// A fixed xorshift loop: pure CPU, no allocation, a result the JIT cannot skip.
export const cpu = makeAsync((n: number): number => {
  let s = 0x9e3779b9 | 0;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
  }
  return s >>> 0;
});

// Touches the first and last byte so the payload is really there; the result is small,
// so only the argument direction carries bytes.
export const sink = makeAsync((u8: Uint8Array): number => u8[0]! + u8[u8.length - 1]! + u8.length);

export const nap = tamed(async (ms: number): Promise<number> => {
  await sleep(ms);
  return ms;
});
