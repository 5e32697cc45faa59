import { setupNumbers } from "./setup.js";
import { price } from "./price.js";

setupNumbers();
console.log(await price(1.23456));
