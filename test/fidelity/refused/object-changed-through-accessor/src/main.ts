import { clampAll } from "./clamp.js";
import { limits } from "./limits.js";

limits().max = 10;
// Inline: [5, 10]. On a worker, the change never ran: [3, 3].
console.log(await clampAll([5, 12]));
