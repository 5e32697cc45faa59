import "./setup.js";
import { price } from "./price.js";

// Inline: "EUR 19.99". On a worker, setup.ts never loaded: "unformatted".
console.log(await price(1999));
