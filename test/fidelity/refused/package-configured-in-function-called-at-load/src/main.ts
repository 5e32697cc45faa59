import { ensureNumbers } from "./ensure.js";
import { setupNumbers } from "./setup.js";
import { price } from "./price.js";
import { total } from "./total.js";

ensureNumbers();

// The entry's body as many are written: an async function run at once, which sets up first.
void (async () => {
  setupNumbers();
  console.log(await price(1.23456), await total([1.005, 2]));
})();
