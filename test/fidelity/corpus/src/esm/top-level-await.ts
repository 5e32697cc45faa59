// Top-level await: the implementation is chosen and loaded while the module loads
// (await import(...) of one of two modules), then a table is built with it.
import { makeAsync } from "tamed";

const impl = await (typeof Intl.Segmenter === "function" ? import("./support/split-native.js") : import("./support/split-fallback.js"));
const FLAGS = new Map<string, string>();
for (const [flag, country] of [["🇫🇷", "France"], ["🇯🇵", "Japan"], ["🇧🇷", "Brazil"]] as const) FLAGS.set(impl.split(flag).join("|"), country);

export const countriesOf = makeAsync((text: string): { how: string; countries: string[] } => ({
  how: impl.how,
  countries: impl.split(text).flatMap((g) => FLAGS.get(g) ?? []),
}));
