/**
 * Which files of a TypeScript 7 project are the user's, their text without their ASTs, and
 * the folder tsc mirrors under outDir: what typescript7.cts works out from file names and
 * the API's metadata, where TypeScript 7's API has no answer of its own or a costly one.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { UserSources } from "./context.cjs";

/* eslint-disable @typescript-eslint/no-explicit-any -- TypeScript 7's API objects are typed by its own package */
type Raw = any;

/** A declaration file's name (`.d.ts`, `.d.mts`, `.d.cts`, and `.d.css.ts` for arbitrary extensions). */
const DECLARATION_FILE = /\.d\.[cm]?ts$|\.d\.[^.]+\.ts$/;

/**
 * The user's files (not lib, package or declaration files) and their text as read from disk,
 * without their ASTs: fetching one costs a round trip and its bytes, about a second for a
 * thousand files, and the analysis needs the ASTs of the few whose text may matter only.
 * The text is TypeScript's too: the snapshot read the same files (a leading BOM, which
 * TypeScript drops, is dropped).
 */
export function userSources(names: readonly string[], meta: (f: string) => Raw): UserSources {
  return {
    names: names.filter(
      (f) => !DECLARATION_FILE.test(f) && !meta(f)?.isDefaultLibrary && !meta(f)?.isFromExternalLibrary,
    ),
    text: (f) => fs.readFileSync(f, "utf8").replace(/^\uFEFF/, ""),
  };
}

/**
 * The directory tsc mirrors under outDir: rootDir, else the longest common folder of the
 * root source files (not declarations). TypeScript 7's API does not report it; this is tsc's rule.
 */
export function commonSourceDirectory(options: Raw, rootFiles: readonly string[], cwd: string): string {
  if (typeof options.rootDir === "string") return path.resolve(cwd, options.rootDir);
  const dirs = rootFiles.filter((f) => !DECLARATION_FILE.test(f)).map((f) => path.dirname(path.resolve(cwd, f)));
  if (dirs.length === 0) return cwd;
  let common = dirs[0]!.split(path.sep);
  for (const d of dirs.slice(1)) {
    const parts = d.split(path.sep);
    let i = 0;
    while (i < common.length && i < parts.length && common[i] === parts[i]) i++;
    common = common.slice(0, i);
  }
  return common.join(path.sep) || path.sep;
}
