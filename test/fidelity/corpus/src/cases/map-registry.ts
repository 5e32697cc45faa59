// A registry: a Map filled by top-level m.set(...) calls.
import { makeAsync } from "tamed";

const formatters = new Map<string, (s: string) => string>();
formatters.set("upper", (s) => s.toUpperCase());
formatters.set("title", (s) => s.replace(/\b\w/g, (c) => c.toUpperCase()));
formatters.set("reverse", (s) => [...s].reverse().join(""));

export const format = makeAsync((name: string, text: string): string => {
  const f = formatters.get(name);
  if (f === undefined) throw new RangeError(`no formatter named '${name}' (have: ${[...formatters.keys()].join(", ")})`);
  return f(text);
});
