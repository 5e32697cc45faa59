// A table filled by a loop, then frozen (Object.freeze after filling).
import { makeAsync } from "tamed";

const POW10: number[] = [];
for (let i = 0; i <= 15; i++) POW10.push(10 ** i);
Object.freeze(POW10);

export const roundTo = makeAsync((x: number, digits: number): { value: number; frozen: boolean } => {
  const f = POW10[digits];
  if (f === undefined) throw new RangeError(`digits must be 0 to 15, got ${digits}`);
  return { value: Math.round(x * f) / f, frozen: Object.isFrozen(POW10) };
});
