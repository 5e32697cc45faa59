import { Decimal } from "fake-decimal";
import { makeAsync } from "tamed";
import { ensureNumbers } from "./ensure.js";

export const total = makeAsync((xs: number[]): string => {
  ensureNumbers();
  return Decimal.format(xs.reduce((a, b) => a + b, 0));
});
