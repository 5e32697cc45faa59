import { level } from "./tasks.js";

const E = process.env;
// A variable config.ts does not read, set in an if with a call: not refused.
if (!process.env["APP_MODE"]) process.env["APP_MODE"] = String(1);
// APP_LEVEL, through another name for process.env: refused.
E.APP_LEVEL = "trace";

console.log(await level());
