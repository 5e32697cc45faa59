// A registry in another module, filled by that module's load.
import { makeAsync } from "tamed";
import { UNITS } from "./support/units-registry.js";

export const convert = makeAsync((value: number, from: string, to: string): number => {
  const a = UNITS.get(from);
  const b = UNITS.get(to);
  if (a === undefined || b === undefined) throw new RangeError(`unknown unit: ${a === undefined ? from : to}`);
  return (value * a) / b;
});
