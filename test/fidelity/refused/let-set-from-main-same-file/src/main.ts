import { joinAll, setSeparator } from "./format.js";

setSeparator(" / ");
// Inline: "a / b". A worker never ran setSeparator: "a, b".
console.log(await joinAll(["a", "b"]));
