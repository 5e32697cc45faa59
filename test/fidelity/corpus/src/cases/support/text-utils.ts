// A utilities barrel with a marked function of its own that re-exports constants with `export *`.
import { makeAsync } from "tamed";

export * from "./title-defaults.js";

export const wordCount = makeAsync((s: string): number => s.split(/\s+/).filter(Boolean).length);
