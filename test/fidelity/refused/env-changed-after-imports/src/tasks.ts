import { makeAsync } from "tamed";
import { LEVEL } from "./config.js";

export const level = makeAsync((): string => LEVEL);

// Reads the environment when it runs, as inline: the environment is the process's, shared with workers.
export const mode = makeAsync((): string => process.env["APP_MODE"] ?? "none");
