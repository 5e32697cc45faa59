import { quote } from "./koa-chain.js";
import { cost } from "./koa-main.js";

console.log(await quote(3), await cost(3));
