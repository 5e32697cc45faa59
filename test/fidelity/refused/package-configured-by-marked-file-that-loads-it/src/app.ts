// A file with a marked function of its own (half) that loads price's file and configures
// fake-decimal as it loads, for the app: price's worker loads price.ts, not this file, so its
// copy keeps the defaults (inline "1.23", on a worker "1.23456000000000010175"). Refused here,
// for price: a file that loads the function's file configures what the function runs with.
import { Decimal } from "fake-decimal";
import { makeAsync } from "tamed";
import { price } from "./price.js";

Decimal.config({ places: 2 });

const half = makeAsync((x: number): string => Decimal.format(x / 2));

console.log(await price(1.23456), await half(3));
