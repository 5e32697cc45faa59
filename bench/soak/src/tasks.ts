import { makeAsync, tamed, taskSignal } from "tamed";
import { setTimeout as sleep } from "node:timers/promises";

export const inc = makeAsync((x: number): number => x + 1);
export const nap = tamed(async (ms: number): Promise<number> => {
  await sleep(ms, undefined, { signal: taskSignal() });
  return ms;
});
export const fail = makeAsync((x: number): number => {
  throw new RangeError(`fail ${x}`);
});
