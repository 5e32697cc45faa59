import { makeAsync } from "tamed";

// Each function uses one patch of setup.ts, and is refused at that patch only.
export const toJson = makeAsync((n: number): string => JSON.stringify({ id: BigInt(n) }));
export const sumAll = makeAsync((xs: number[]): number => xs.total());
export const stackDepth = makeAsync((): number => new Error("deep").stack!.split("\n").length);
// Uses none of them: not refused.
export const double = makeAsync((n: number): number => n * 2);
