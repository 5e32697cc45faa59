// A setup statement the worker keeps: the loop that fills the table the function reads
// runs at load on the worker too; the statement that only logs stays behind.
// import.meta.url names the main thread's file in the worker.
import { makeAsync } from "tamed";
const TABLE = new Map();
for (const [i, w] of ["one", "two", "three"].entries())
    TABLE.set(w, i + 1);
console.log("loaded");
const HERE = new URL("./data.txt", import.meta.url).href;
export const lookup = makeAsync((word) => `${TABLE.get(word) ?? 0} ${HERE}`, { v: 1, name: "lookup", module: "./__tamed__/input.lookup.mjs", base: import.meta.url });
