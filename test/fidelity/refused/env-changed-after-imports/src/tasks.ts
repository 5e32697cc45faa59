import { makeAsync } from "tamed";
import { LEVEL } from "./config.js";
import { TIMEOUT_MS } from "./settings.js";

export const level = makeAsync((): string => LEVEL);

export const timeout = makeAsync((): number => TIMEOUT_MS);

// Reads the environment when it runs, as inline: the environment is the process's, shared with workers.
export const mode = makeAsync((): string => process.env["APP_MODE"] ?? "none");
