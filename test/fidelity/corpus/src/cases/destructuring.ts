// Destructured parameters: object with defaults and rest, tuple with a default.
import { makeAsync } from "tamed";

interface Box {
  width: number;
  height?: number;
  label?: string;
  [extra: string]: unknown;
}

export const placeBox = makeAsync(({ width, height = width, label = "box", ...rest }: Box, [dx, dy]: [number, number] = [0, 0]): string =>
  `${label} ${width}x${height} at (${dx},${dy}) extra=${Object.keys(rest).sort().join(",") || "none"}`,
);
