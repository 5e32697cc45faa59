import { config } from "./config.js";
import { summarize } from "./validate.js";

config({ locale: "de", maxIssues: 1 });
// Inline: "1 Fehler". On a worker, config() never ran: "3 issues".
console.log(await summarize(["a", "b", "c"]));
