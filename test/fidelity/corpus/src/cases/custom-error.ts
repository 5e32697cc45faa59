// A custom Error subclass thrown by the marked function.
import { makeAsync } from "tamed";

export class ParseError extends Error {
  override name = "ParseError";
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

export const parseConfig = makeAsync((text: string): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [i, raw] of text.split("\n").entries()) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) throw new ParseError(`line ${i + 1}: expected key=value, got '${line}'`, i + 1);
    out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return out;
});
