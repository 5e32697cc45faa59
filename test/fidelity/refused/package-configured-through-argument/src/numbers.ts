import type { Big } from "fake-big";

/** Sets the places of the Big it is given: a write through its parameter. */
export function precise(B: typeof Big, places: number): void {
  B.DP = places;
}

/** Registers the app's helpers on the Big it is given: a call of the package's method on its parameter. */
export function registerAll(B: typeof Big): void {
  B.register("twice", (x) => 2 * x);
}
