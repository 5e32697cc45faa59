/**
 * Source files a bundle loads from outside the folders the bundler plugins read for markers
 * (the tsconfig's include folders, and for tamed/esbuild the entry points' folders; see
 * project-files.cts): a helper in `../lib` that a file of `src` imports, an entry point
 * elsewhere. The plugins hand edits only for files they read, so such a file used to be
 * bundled without its stubs, on TypeScript 5.9/6 and 7 alike, and failed at run time.
 *
 * The Vite, Rollup, webpack and Rspack plugins see every file the bundle loads in their
 * transform hook: one of these that may hold markers is read and analysed with the rest
 * (unplugin.cts). esbuild's plugins choose the files they load before the build starts, and
 * an onLoad filter that matches every file costs esbuild much of its speed: tamed/esbuild
 * registers one that matches only TypeScript files outside the folders it read (nothing runs
 * where there are none), and stops the build at one that may hold markers (TS77012).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Located } from "./bundler.cjs";
import { NAMES_TAMED } from "./candidates.cjs";
import { DIAGNOSTICS } from "./diagnostics.cjs";
import { escapeRegExp } from "./text-patterns.cjs";

const SOURCE = /\.(?:[cm]?ts|tsx)$/;
const DECLARATION = /\.d\.(?:[cm]?ts|[^.]+\.ts)$/;

/** A TypeScript source (not a declaration, not in a package) that is not among `texts` nor under `dirs`. */
export function isUnread(file: string, texts: ReadonlyMap<string, string>, dirs: readonly string[]): boolean {
  return (
    SOURCE.test(file) &&
    !DECLARATION.test(file) &&
    !file.split(/[\\/]/).includes("node_modules") &&
    !texts.has(file) &&
    !dirs.some((d) => file.startsWith(d + path.sep))
  );
}

/** Adds the texts of `files` (found outside, earlier) to `texts`; a file gone from the disk leaves `files`. */
export function readOutside(files: Set<string>, texts: Map<string, string>): void {
  for (const file of files) {
    try {
      texts.set(file, fs.readFileSync(file, "utf8"));
    } catch {
      files.delete(file);
    }
  }
}

/**
 * An esbuild filter for the TypeScript files outside every one of `dirs`. esbuild's filters are
 * Go regular expressions, which have no lookahead, so "not under these folders" is spelled out
 * over a trie of their paths: at each character the path either leaves the trie (a character
 * no folder's path has there; then anything that ends in a TypeScript extension) or follows it,
 * and a path that reaches a folder's end is inside it. A file whose name parts from a
 * folder's path within its extension (`src.ts` beside `src/`) is matched too: its extension is
 * checked again by the caller.
 */
export function outsideFilter(dirs: readonly string[]): RegExp {
  interface Node {
    end: boolean;
    readonly next: Map<string, Node>;
  }
  const root: Node = { end: false, next: new Map() };
  for (const dir of dirs) {
    const full = path.resolve(dir);
    let node = root;
    for (const c of full.endsWith(path.sep) ? full : full + path.sep) {
      let next = node.next.get(c);
      if (next === undefined) node.next.set(c, (next = { end: false, next: new Map() }));
      node = next;
    }
    node.end = true;
  }
  const tail = String.raw`(?:.*\.)?(?:[cm]?ts|tsx)$`;
  const outside = (node: Node): string | undefined => {
    if (node.end) return undefined;
    const leave = node.next.size === 0 ? "." : `[^${[...node.next.keys()].map(escapeRegExp).join("")}]`;
    const alternatives = [leave + tail];
    for (const [c, next] of node.next) {
      const rest = outside(next);
      if (rest !== undefined) alternatives.push(escapeRegExp(c) + rest);
    }
    return `(?:${alternatives.join("|")})`;
  };
  // A folder "/" holds every file: a class that matches nothing.
  return new RegExp(`^${outside(root) ?? "[^\\s\\S]"}`);
}

/** TS77012 at a file outside the folders tamed/esbuild read, located at its first mention of tamed. */
export function outsideError(
  file: string,
  text: string,
  cwd: string,
  configPath: string,
  dirs: readonly string[],
): Located {
  const rel = (f: string): string => path.relative(cwd, f).replaceAll("\\", "/") || ".";
  const d = DIAGNOSTICS.outsideProject;
  const message = d.message({
    file: rel(file),
    folders: [...new Set(dirs.map(rel))].join(", "),
    config: rel(configPath),
  });
  const at = Math.max(0, text.search(NAMES_TAMED));
  const before = text.slice(0, at).split(/\r?\n/);
  const line = before.length;
  const lineText = text.split(/\r?\n/)[line - 1] ?? "";
  const column = before.at(-1)!.length;
  return { text: `TS${d.code}: ${message}`, file: rel(file), line, column, lineText, length: 0 };
}
