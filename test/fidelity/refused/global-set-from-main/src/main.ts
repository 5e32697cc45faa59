import { greet } from "./greet.js";
import { setLocale } from "./locale.js";

setLocale("de");
// Inline: "Hallo, Ada". On a worker, setLocale never ran: "Hello, Ada".
console.log(await greet("Ada"));
