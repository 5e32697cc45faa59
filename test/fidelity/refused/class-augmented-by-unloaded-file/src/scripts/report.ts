// A script of the project, run on its own: it names price.ts's types only, which loads nothing,
// so what it changes of Money is not refused either.
import type { price } from "../price.js";
import { Money } from "../money.js";

Money.prototype.format = function (this: Money): string {
  return `report ${this.cents}`;
};
export type Price = typeof price;
