import { isWorker, makeAsync } from "tamed";

/** Counts each word of a text (case-folded), and says where it ran. */
export const countWords = makeAsync((text: string): { counts: Map<string, number>; onWorker: boolean } => {
  const counts = new Map<string, number>();
  for (const word of text.toLowerCase().match(/[a-z']+/g) ?? []) counts.set(word, (counts.get(word) ?? 0) + 1);
  return { counts, onWorker: isWorker() };
});
