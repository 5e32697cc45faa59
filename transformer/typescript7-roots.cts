/**
 * Files a bundler plugin's analysis needs that the tsconfig's project on TypeScript 7 leaves
 * out: a marked file the tsconfig excludes, or one in an entry point's folder outside its
 * `include`, which the bundle still loads. With TypeScript 5.9/6 the plugins make their own
 * program and give such files as roots (bundler.cts); TypeScript 7.0's API opens a tsconfig's
 * project and nothing else, and takes no root files. So TypeScript 7 is given a tsconfig that
 * exists only in this process, read through the API's file-system callback: it extends the
 * project's and lists the project's own root files and the missing ones in `files` (which
 * `exclude` does not apply to). It sits beside the real one, so paths, `${configDir}` and
 * the layout of the output mean the same.
 *
 * The callback costs a round trip per file TypeScript 7 reads (about a fifth more time to open
 * the sample project), so typescript7-session.cts opens a project this way only once it has
 * seen that the plain tsconfig's program lacks a file the analysis needs.
 */
import * as path from "node:path";

/* eslint-disable @typescript-eslint/no-explicit-any -- TypeScript 7's API objects are typed by its own package */
type Raw = any;

/** The files among `roots` that a program of `fileNames` lacks. */
export function missingRoots(fileNames: readonly string[], roots: Iterable<string>): string[] {
  const have = new Set(fileNames.map((f) => path.resolve(f)));
  return [...roots].filter((f) => !have.has(path.resolve(f)));
}

/** The tsconfig TypeScript 7 opens instead of the project's, once the project lacks roots the analysis needs. */
export class RootsConfig {
  /** Where TypeScript 7 reads it: beside the project's tsconfig, a name no project uses. */
  readonly path: string;
  #text: string | undefined;
  /** The text TypeScript 7 has read, and has to be told to read again when it changes. */
  #read: string | undefined;

  constructor(readonly configPath: string) {
    this.path = path.join(path.dirname(configPath), `.tamed-roots.${path.basename(configPath)}`);
  }

  /** The callbacks for `new API({ fs })`: this file's text; every other file from the disk (undefined). */
  readonly fs = {
    readFile: (file: string): string | undefined => (path.resolve(file) === this.path ? this.#text : undefined),
  };

  /**
   * Makes it list the project's root files as they are now (`api.parseConfigFile`, which
   * globs `include` again) and `roots`. Returns whether TypeScript 7, having read it before,
   * must be told that it changed: it reads a tsconfig again only when a snapshot names it as
   * changed (`fileChanges.invalidateAll` re-reads the sources, not the tsconfig).
   */
  update(api: Raw, roots: Iterable<string>): boolean {
    const own = (api.parseConfigFile(this.configPath) as { fileNames: readonly string[] }).fileNames;
    const files = [...new Set([...own, ...roots].map((f) => path.resolve(f)))];
    this.#text = JSON.stringify({ extends: this.configPath, files });
    const changed = this.#read !== undefined && this.#read !== this.#text;
    this.#read = this.#text;
    return changed;
  }
}
