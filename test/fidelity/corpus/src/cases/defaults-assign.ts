// Defaults filled in by Object.assign at top level.
import { makeAsync } from "tamed";

interface WrapOptions {
  width: number;
  indent: string;
}

const DEFAULTS = {} as WrapOptions;
Object.assign(DEFAULTS, { width: 16, indent: "  " });

export const wrap = makeAsync((text: string, options: Partial<WrapOptions> = {}): string[] => {
  const { width, indent } = { ...DEFAULTS, ...options };
  const lines: string[] = [];
  let line = "";
  for (const w of text.split(/\s+/)) {
    if (line !== "" && line.length + 1 + w.length > width) {
      lines.push(indent + line);
      line = w;
    } else line = line === "" ? w : `${line} ${w}`;
  }
  if (line !== "") lines.push(indent + line);
  return lines;
});
