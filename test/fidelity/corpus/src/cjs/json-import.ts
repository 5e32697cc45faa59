// A JSON import in a CommonJS project (resolveJsonModule, esModuleInterop).
import palette from "../cases/colors.json";
import { makeAsync } from "tamed";

export const colorHexCjs = makeAsync((name: string): string => {
  const rgb = (palette.colors as Record<string, number[] | undefined>)[name];
  if (rgb === undefined) throw new RangeError(`no color '${name}' in ${palette.palette}`);
  return `#${rgb.map((c) => c.toString(16).padStart(2, "0")).join("")}`;
});
