// /** @tamed */ and /** @makeAsync */ on async function declarations, one of them the
// module's unnamed default export.
const WORD = /[\p{L}\p{N}']+/gu;

function tally(words: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const w of words) m.set(w, (m.get(w) ?? 0) + 1);
  return m;
}

/** @tamed */
export async function topWords(text: string, n: number): Promise<[string, number][]> {
  const counts = tally(text.toLowerCase().match(WORD) ?? []);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, n);
}

/**
 * Counts the words of each line.
 * @makeAsync
 */
export default async function (text: string): Promise<number[]> {
  return text.split("\n").map((line) => (line.match(WORD) ?? []).length);
}
