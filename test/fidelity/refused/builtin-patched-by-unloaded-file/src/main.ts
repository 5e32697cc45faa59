import "./setup.js";
import { double, stackDepth, sumAll, toJson } from "./ids.js";

// Inline: '{"id":"7"} 3 ...'. On a worker, setup.ts never loaded: TypeError, BigInt has no toJSON.
console.log(await toJson(7), await sumAll([1, 2]), await stackDepth(), await double(2));
