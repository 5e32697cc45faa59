// Feature detection in a top-level try: the result decides which code path runs.
import { makeAsync } from "tamed";

const FEATURES = { segmenter: false, wellFormed: false };
try {
  FEATURES.segmenter = typeof Intl.Segmenter === "function" && [...new Intl.Segmenter().segment("e\u0301")].length === 1;
  FEATURES.wellFormed = typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === "function";
} catch {
  // an old runtime: the fallbacks below
}

export const graphemeCount = makeAsync((text: string): { count: number; how: string } =>
  FEATURES.segmenter ? { count: [...new Intl.Segmenter().segment(text)].length, how: "Intl.Segmenter" } : { count: [...text].length, how: "code points" },
);
