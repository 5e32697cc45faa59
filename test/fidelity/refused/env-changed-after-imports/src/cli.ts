import { config } from "dotenv";
import { level } from "./tasks.js";
// Loads after tasks.js, and with it config.js: refused.
import "dotenv/config";

config();
console.log(await level());
