// An entry with a marked function of its own that configures fake-decimal for the whole app as it
// loads: price's worker loads price.ts, not the entry, so its copy of fake-decimal keeps the
// defaults (inline "1.23", on a worker "1.23456000000000010175"). Refused at the entry's statement,
// for price; half's worker runs the statement, as the entry's own set-up.
import { Decimal } from "fake-decimal";
import { makeAsync } from "tamed";
import { price } from "./price.js";

Decimal.config({ places: 2 });

const half = makeAsync((x: number): string => Decimal.format(x / 2));

console.log(await price(1.23456), await half(3));
