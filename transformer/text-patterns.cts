/**
 * Regular expressions made of names read from sources and paths (a package's name, a global's,
 * a file's): each name matched as written, so that `lodash.merge` or `c++` is not a pattern.
 * The analysis tests whole files' texts with them before it parses any, which is cheap.
 */

/** `s` with every character that means something in a regular expression escaped. */
export function escapeRegExp(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");
}

/** Finds any of `words` as a whole JavaScript name: not as part of a longer one (`stack`, not `stackTrace`). */
export function wordsPattern(words: readonly string[]): RegExp {
  return new RegExp(`(?<![\\w$])(?:${words.map(escapeRegExp).join("|")})(?![\\w$])`);
}
