// Transliteration table filled by a loop at load.
const TRANSLIT: Record<string, string> = {};
for (const [from, to] of [["ä", "ae"], ["ö", "oe"], ["ü", "ue"], ["ß", "ss"], ["é", "e"], ["ø", "o"]] as const) TRANSLIT[from] = to;

export function slug(text: string): string {
  return [...text.toLowerCase()]
    .map((c) => TRANSLIT[c] ?? c)
    .join("")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}
