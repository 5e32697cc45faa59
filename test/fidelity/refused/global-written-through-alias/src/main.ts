import "./plugins/locale.js";
import { greet } from "./greet.js";

// Inline: "hej ada". On a worker, plugins/locale.ts never loaded: "hello ada".
console.log(await greet("ada"));
