// Only the entry imports this: a worker never loads it, and its Money has no format().
import { Money } from "./money.js";

Money.prototype.format = function (this: Money): string {
  return `${this.currency} ${(this.cents / 100).toFixed(2)}`;
};
