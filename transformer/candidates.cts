/**
 * Which source files may hold marked functions, judged from their text alone, before
 * any type checking: most files of a project have none, and the analysis (a TypeScript
 * program, a checker) costs far more than reading text. A marker is found by symbol in
 * the end; this only has to never miss one:
 *  - a file that names the package ("tamed" in a string: an import or a require), or
 *    has a marker comment (@tamed, @makeAsync) is a candidate;
 *  - a candidate that re-exports (any `export ... from` or `export {`) may pass the
 *    markers on under other names: a file whose text names that module (its file name in
 *    a string) is a candidate too, and so on.
 */
import * as path from "node:path";
import { escapeRegExp } from "./text-patterns.cjs";

/** Text that may hold a marker: it names the package, or has a marker comment. */
export const NAMES_TAMED = /["']tamed["']|@tamed\b|@makeAsync\b/;
const REEXPORTS = /\bexport\s*(?:\*|\{)/;

/** Text that names the module `file`: its file name in a string, or its folder's for an index file (`import ... from "./lib"`). */
function namesModule(file: string): RegExp {
  const base = path.basename(file).replace(/\.[cm]?[jt]sx?$/, "");
  const named = base === "index" ? path.basename(path.dirname(file)) : base;
  // The name as a whole path segment: after the quote or a slash (`\b` would miss `./+page.js`).
  return new RegExp(`["'](?:[^"'\\n]*[/\\\\])?${escapeRegExp(named)}(?:\\.[cm]?[jt]sx?)?["'/]`);
}

/**
 * Whether a file that was not among `texts` may hold markers, as candidateFiles would have
 * judged it: it names the package or has a marker comment, or names a candidate that re-exports.
 */
export function mayHoldMarkers(
  text: string,
  candidates: ReadonlySet<string>,
  texts: ReadonlyMap<string, string>,
): boolean {
  if (NAMES_TAMED.test(text)) return true;
  for (const c of candidates) if (REEXPORTS.test(texts.get(c) ?? "") && namesModule(c).test(text)) return true;
  return false;
}

/** The files among `texts` (path → text) that may hold markers. */
export function candidateFiles(texts: ReadonlyMap<string, string>): Set<string> {
  const found = new Set<string>();
  const passers: string[] = [];
  for (const [file, text] of texts) {
    if (!NAMES_TAMED.test(text)) continue;
    found.add(file);
    if (REEXPORTS.test(text)) passers.push(file);
  }
  while (passers.length > 0) {
    const names = namesModule(passers.pop()!);
    for (const [file, text] of texts) {
      if (found.has(file) || !names.test(text)) continue;
      found.add(file);
      if (REEXPORTS.test(text)) passers.push(file);
    }
  }
  return found;
}
