import { setDefaultOptions } from "./options.js";
import { priceList } from "./prices.js";

setDefaultOptions({ currency: "USD", digits: 0 });
// On the main thread (inline): ["3 USD"]. On a worker, the module is loaded afresh
// and setDefaultOptions never ran there: ["2.50 EUR"].
console.log(await priceList([2.5]));
