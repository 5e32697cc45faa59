import "./setup.js";
import { double, stackDepth, sumAll, toJson } from "./ids.js";

// Refused as a whole for stackDepth; without it, workers and inline print '{"id":"7"} 3 ...'.
console.log(await toJson(7), await sumAll([1, 2]), await stackDepth(), await double(2));
