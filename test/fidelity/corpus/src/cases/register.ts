// A registry filled through a module function: register("name", fn) at top level.
import { tamed } from "tamed";

type Reducer = (xs: readonly number[]) => number;
const reducers: Record<string, Reducer> = Object.create(null);

function register(name: string, fn: Reducer): void {
  if (name in reducers) throw new Error(`reducer '${name}' registered twice`);
  reducers[name] = fn;
}

register("sum", (xs) => xs.reduce((a, b) => a + b, 0));
register("max", (xs) => Math.max(...xs));
register("mean", (xs) => reducers["sum"]!(xs) / xs.length);

export const reduce = tamed(async (name: string, xs: number[]): Promise<number> => {
  const r = reducers[name];
  if (r === undefined) throw new RangeError(`no reducer named '${name}'`);
  return r(xs);
});
