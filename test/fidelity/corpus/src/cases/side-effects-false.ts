// A side-effect import inside a package marked "sideEffects": false: Node runs it on
// the main thread; a bundler may leave it out.
import { makeAsync } from "tamed";
import { supportedLocales } from "./support/tree-shaken/index.js";

export const localeFor = makeAsync((wanted: string[]): string => wanted.find((l) => supportedLocales().includes(l)) ?? "en");
