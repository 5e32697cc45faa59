/**
 * What to tell a user whose setup is in a file no worker loads (TS77002, TS77013, TS77014): the
 * import that would load it in the marked function's file, or, when that file imports the
 * function's file back (an entry does), to move the statement instead, since importing the
 * entry would run it on every worker.
 */
import * as path from "node:path";
import type * as ts from "typescript";
import type { ModuleGraph } from "./module-graph.cjs";

/** Where the statement is and what would load it: the diagnostics' `unloaded` arguments (diagnostics.cts loadAdvice). */
export interface Unloaded {
  /** The file the statement is in, and the marked function's, relative to the project. */
  readonly file: string;
  readonly fnFile: string;
  /** The import that would load `file` in `fnFile`; undefined when `file` imports `fnFile` back. */
  readonly specifier: string | undefined;
}

/** What to say of a statement of `sf`, a file no worker of `fnFile`'s function loads. */
export function unloaded(graph: ModuleGraph, cwd: string, sf: ts.SourceFile, fnFile: ts.SourceFile): Unloaded {
  const rel = (f: string): string => path.relative(cwd, f).replaceAll("\\", "/");
  const specifier = importsBack(graph, sf, fnFile) ? undefined : specifierFor(fnFile.fileName, sf.fileName);
  return { file: rel(sf.fileName), fnFile: rel(fnFile.fileName), specifier };
}

/** Whether `from` loads `to`, directly or not (an import or a `require`): then `to` importing it is no fix (the entry would run on workers). */
function importsBack(graph: ModuleGraph, from: ts.SourceFile, to: ts.SourceFile): boolean {
  const seen = new Set([from]);
  const stack = [from];
  while (stack.length > 0) {
    const m = stack.pop()!;
    for (const t of [...graph.specifiers(m).map((l) => graph.targetOfSpecifier(l)), ...graph.requiredFiles(m)]) {
      if (t === to) return true;
      if (t !== undefined && !seen.has(t)) {
        seen.add(t);
        stack.push(t);
      }
    }
  }
  return false;
}

/** The import specifier `importer` would load `target` by, as emitted JavaScript names it (`./plugins/upper.js`). */
function specifierFor(importer: string, target: string): string {
  const rel = path.relative(path.dirname(importer), target).replaceAll("\\", "/");
  const js = rel.replace(/\.(m|c)?tsx?$/, (_, k: string | undefined) => `.${k ?? ""}js`);
  return js.startsWith(".") ? js : `./${js}`;
}
