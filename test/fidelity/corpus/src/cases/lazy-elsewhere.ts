// A lazily filled cache in another file.
import { makeAsync } from "tamed";
import { stopwords } from "./support/stopwords.js";

export const keywords = makeAsync((text: string): string[] => {
  const stop = stopwords();
  return text
    .toLowerCase()
    .split(/\W+/)
    .filter((w) => w.length > 0 && !stop.has(w));
});
