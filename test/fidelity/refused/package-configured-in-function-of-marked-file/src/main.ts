import { price } from "./price.js";
import { total } from "./total.js";

console.log(await price(1.23456), await total([1.005, 2]));
