import { kUnit, Point } from "./circular-a.js";

export function describe(p: unknown): string {
  if (!(p instanceof Point)) return "not a Point";
  return `Point(${p.x}, ${p.y}) in ${(p as unknown as Record<symbol, string | undefined>)[kUnit] ?? "no unit"}`;
}
