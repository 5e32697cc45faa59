// A JSON import (resolveJsonModule, with an import attribute).
import { makeAsync } from "tamed";
import palette from "../cases/colors.json" with { type: "json" };

export const colorHex = makeAsync((name: string): string => {
  const rgb = (palette.colors as Record<string, number[] | undefined>)[name];
  if (rgb === undefined) throw new RangeError(`no color '${name}' in ${palette.palette}`);
  return `#${rgb.map((c) => c.toString(16).padStart(2, "0")).join("")}`;
});
