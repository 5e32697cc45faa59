import { Decimal } from "fake-decimal";
import { makeAsync } from "tamed";

export const price = makeAsync((x: number): string => Decimal.format(x));
