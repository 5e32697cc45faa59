// A lazy set-up that the marked function's own code calls configures the worker's copy too:
// the file's call of it as it loads is not refused.
import { Decimal } from "fake-decimal";
import { makeAsync } from "tamed";

let ready = false;
function ensureNumbers(): void {
  if (ready) return;
  Decimal.config({ places: 2 });
  ready = true;
}
ensureNumbers();

export const total = makeAsync((xs: number[]): string => {
  ensureNumbers();
  return Decimal.format(xs.reduce((a, b) => a + b, 0));
});
