// The module the tests edit between two builds: v1 -> v2 (the label and the factor).
export const VERSION: string = "v1";

export function scale(x: number): number {
  return x * 10;
}
