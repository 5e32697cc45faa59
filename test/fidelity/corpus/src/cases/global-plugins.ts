// A registry on globalThis filled by plugins the marked file imports for their effect.
import "./support/formatter-plugins.js";
import { makeAsync } from "tamed";
import { formatter } from "./support/global-formatters.js";

export const formatWith = makeAsync(
  (name: string, s: string): string =>
    (globalThis.CORPUS_PREFIX ?? "") +
    (formatter(name)?.(s) ?? `no formatter ${name}`) +
    (globalThis["CORPUS_SUFFIX"] ?? "") +
    ` (${CORPUS_CALLS > 0 ? "counted" : "not counted"})`,
);
