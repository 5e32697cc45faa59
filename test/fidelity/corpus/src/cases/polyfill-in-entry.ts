// Code that detects a built-in a polyfill adds. The app's entry imports the polyfill for its
// effect (`import "fake-polyfill/auto"` in main.ts, as apps import core-js or reflect-metadata
// there), not this file: a worker that loaded only this file would take the fallback, and
// compute another answer without an error.
import { makeAsync } from "tamed";

interface Tallying {
  tally?(this: readonly string[]): Record<string, number>;
}

export const tallyWords = makeAsync((words: string[]): { counts: Record<string, number>; how: string } => {
  const proto = Array.prototype as Tallying;
  if (typeof proto.tally === "function") return { counts: proto.tally.call(words), how: "built-in" };
  const counts: Record<string, number> = {};
  for (const w of words) counts[w] = (counts[w] ?? 0) + 1;
  return { counts: Object.fromEntries(Object.entries(counts).sort()), how: "fallback" };
});
