// A script of the project, run on its own: it names ids.ts's types only, which loads nothing,
// so what it patches is not refused.
import type { toJson } from "../ids.js";

Error.stackTraceLimit = Infinity;
export type ToJson = typeof toJson;
