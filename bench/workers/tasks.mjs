// The task bodies every peer and floor runs (tamed's copies are in bench/tamed/src/tasks.ts).
import { setTimeout as sleep } from "node:timers/promises";

export const inc = (x) => x + 1;

// A fixed xorshift loop: pure CPU, no allocation, a result the JIT cannot skip.
export function cpu(n) {
  let s = 0x9e3779b9 | 0;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
  }
  return s >>> 0;
}

// Touches the first and last byte so the payload is really there; the small result keeps
// the bytes in the argument direction only.
export const sink = (u8) => u8[0] + u8[u8.length - 1] + u8.length;

export async function nap(ms) {
  await sleep(ms);
  return ms;
}
