import "./setup.js";
import { show } from "./show.js";

// Inline: "{ a: [Object] }". On a worker, setup.ts never loaded: "{ a: { b: { c: 1 } } }".
console.log(await show({ a: { b: { c: 1 } } }));
