import "./plugins/upper.js";
import { format } from "./format.js";

// Inline: "HI". On a worker, plugins/upper.ts never loaded: "no formatter upper".
console.log(await format("upper", "hi"));
