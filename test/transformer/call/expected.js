// The wrapper call: `const f = makeAsync(fn)` at module level, kept whole with its marker
// when other worker code calls it, unwrapped when nothing does; a marker nested in a
// function keeps only its literal.
import { makeAsync, tamed } from "tamed";
import * as t from "tamed";
const LIMIT = 10;
console.log("top level: stays on the main thread");
function isEven(n) {
    return n % 2 === 0;
}
export const square = makeAsync((x) => x * x, { v: 1, name: "square", module: "./__tamed__/input.square.mjs", base: import.meta.url });
export const sumOfSquares = makeAsync((n) => {
    let sum = 0;
    for (let i = 1; i <= Math.min(n, LIMIT); i++)
        sum += square(i).wait();
    return sum;
}, { v: 1, name: "sumOfSquares", module: "./__tamed__/input.sumOfSquares.mjs", base: import.meta.url });
export const evens = t.makeAsync((xs) => xs.filter((x) => isEven(x)), { v: 1, name: "evens", module: "./__tamed__/input.evens.mjs", base: import.meta.url });
export const later = tamed(async function later(ms) {
    return `after ${ms}`;
}, { v: 1, name: "later", module: "./__tamed__/input.later.mjs", base: import.meta.url });
export function hasher() {
    return makeAsync((s) => `${LIMIT}:${s}`, { v: 1, name: "hasher", module: "./__tamed__/input.hasher.mjs", base: import.meta.url });
}
