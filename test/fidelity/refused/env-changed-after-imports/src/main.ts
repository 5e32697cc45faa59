import { loadEnv } from "./env.js";
import { level, mode } from "./tasks.js";

// Changes one variable that config.ts does not read: not refused.
process.env["APP_MODE"] = "cli";
// Loads .env (any variable) after config.ts has read APP_LEVEL: refused.
loadEnv();

console.log(await level(), await mode());
