// Default parameters without type annotations (their types are inferred from the defaults).
import { makeAsync } from "tamed";

export const padStartWith = makeAsync((text: string, width = 8, fill = "·") => fill.repeat(Math.max(0, width - text.length)) + text);
