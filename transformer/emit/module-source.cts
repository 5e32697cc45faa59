/**
 * The source text a worker module is bundled from: each file the worker loads, as the
 * worker sees it.
 *
 * A file with markers is sliced: every top-level statement the worker does not carry is
 * replaced by spaces (newlines kept), character for character. Blanking instead of
 * printing a new file keeps every kept line and column where it was, so esbuild's source
 * map points the worker's stack frames at the original .ts lines with no map of our own.
 * The marked function's own file also gets its default export:
 *  - `const f = makeAsync(fn)` at module level is kept whole, marker included (in a
 *    worker the marker returns a stub that runs inline, so marked functions calling
 *    each other still get AsyncTasks), and `export default f;` is appended. When no
 *    carried code uses `f` (`unwrap`), the marker's callee is blanked instead, leaving
 *    `const f = (fn)`: the worker then need not load tamed's runtime at all for it;
 *  - a marker anywhere else keeps only the function literal, and `export default (` is
 *    written into the blank space just before it (parenthesised, so that a named function
 *    expression stays an expression and declares nothing), `)` after it.
 *
 * In every file the worker loads, what names the module's own location (`import.meta.url`,
 * `__dirname`, `__filename`) is rewritten to name the file the main thread runs, not the
 * worker module in `__tamed__/` (locations.cts); and marker calls get their descriptor, as
 * on the main thread (see nameEdits in module-request.cts).
 */
import type * as ts from "typescript";
import type { Carry } from "../carry.cjs";
import type { Context } from "../context.cjs";
import { jsxPragmas } from "../jsx-factory.cjs";

export type WorkerEntry =
  | { readonly kind: "named"; readonly name: string; readonly unwrap?: ts.CallExpression | undefined }
  | { readonly kind: "literal"; readonly node: ts.Node }
  /** `export default async function (...) {}`: the statement is the default export already. */
  | { readonly kind: "asIs"; readonly statement: ts.Statement };

/** A replacement of [start, end) of a file's text; with start === end, an insertion. */
export interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

const GLUE = "export default (";

function blank(chars: string[], from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const c = chars[i];
    if (c !== "\n" && c !== "\r") chars[i] = " ";
  }
}

/** Start of the last run of `length` blanks on one line in [from, to), if any. */
function blankRun(chars: readonly string[], from: number, to: number, length: number): number | undefined {
  let run = 0;
  for (let i = to - 1; i >= from; i--) {
    run = chars[i] === " " ? run + 1 : 0;
    if (run === length) return i;
  }
  return undefined;
}

/**
 * The file's characters with the edits made in place: each edit's text goes into its
 * first character's slot and the rest of its slots are emptied, so every other offset
 * still indexes the same character.
 */
function editedChars(text: string, edits: readonly Edit[]): string[] {
  const chars = text.split("");
  for (const e of edits) {
    if (e.start === e.end) {
      // An insertion goes after the character before it (never a newline there: no line moves).
      chars[e.start - 1] += e.text;
      continue;
    }
    chars[e.start] = e.text;
    for (let i = e.start + 1; i < e.end; i++) chars[i] = "";
  }
  return chars;
}

/** Blanks what the worker does not carry of a sliced file; side-effect imports lose their bindings. */
function slicedChars(
  ctx: Context,
  sf: ts.SourceFile,
  carry: Carry,
  edits: readonly Edit[],
  entry: (WorkerEntry & { readonly keepExports: boolean }) | undefined,
): string[] {
  const { ts } = ctx;
  const kept = carry.kept.get(sf) ?? new Set<ts.Statement>();
  const chars = editedChars(sf.text, edits);
  let cursor = 0;
  for (const stmt of sf.statements) {
    if (!kept.has(stmt)) continue;
    blank(chars, cursor, stmt.getStart(sf));
    cursor = stmt.getEnd();
    if (ts.isImportDeclaration(stmt) && carry.sideEffectImports.has(stmt) && stmt.importClause !== undefined) {
      // `import { x } from "./setup.js"` kept only for what loading it does: `import "./setup.js"`
      // (an unused binding would let the bundler drop the import, and the module with it).
      blank(chars, stmt.importClause.getStart(sf), stmt.moduleSpecifier.getStart(sf));
    }
    // In the function's own file, the function is the one default export; its other exports
    // stay only for modules that import the file back (a cycle), which need them.
    if (entry !== undefined && !(entry.kind === "asIs" && entry.statement === stmt) && ts.canHaveModifiers(stmt)) {
      const mods = ts.getModifiers(stmt) ?? [];
      const isDefault = mods.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
      for (const m of mods) {
        if (
          m.kind === ts.SyntaxKind.DefaultKeyword ||
          (m.kind === ts.SyntaxKind.ExportKeyword &&
            (!entry.keepExports || (isDefault && (stmt as ts.FunctionDeclaration).name === undefined)))
        ) {
          blank(chars, m.getStart(sf), m.getEnd());
        }
      }
    }
    if (entry !== undefined && ts.isExportAssignment(stmt) && !stmt.isExportEquals)
      blank(chars, stmt.getStart(sf), stmt.expression.getStart(sf));
  }
  blank(chars, cursor, chars.length);
  // Its JSX pragmas stay: they say what the file's elements call (jsx-factory.cts).
  for (const [start, end] of jsxPragmas(sf)) for (let i = start; i < end; i++) chars[i] = sf.text[i]!;
  return chars;
}

/** The function's own file, sliced, with the function as its default export. */
export function entrySource(
  ctx: Context,
  sf: ts.SourceFile,
  carry: Carry,
  entry: WorkerEntry,
  edits: readonly Edit[],
  keepExports: boolean,
): string {
  const chars = slicedChars(ctx, sf, carry, edits, { ...entry, keepExports });
  // The callee and type arguments, up to the argument list's "(": `makeAsync<A>(fn)` → `(fn)`.
  if (entry.kind === "named" && entry.unwrap !== undefined)
    blank(chars, entry.unwrap.getStart(sf), entry.unwrap.arguments.pos - 1);
  if (entry.kind === "asIs") return chars.join("");
  if (entry.kind === "named") return `${chars.join("")}\nexport default ${entry.name};\n`;

  const kept = carry.kept.get(sf) ?? new Set<ts.Statement>();
  const start = entry.node.getStart(sf);
  const end = entry.node.getEnd();
  // The literal as written (with its location edits): its statement was blanked with the rest.
  const literal = editedChars(sf.text, edits).slice(start, end).join("");
  const inKept = [...kept].some((s) => s.pos <= start && end <= s.end);
  const gapStart = Math.max(0, ...[...kept].filter((s) => s.end <= start).map((s) => s.end));
  const at = inKept || chars[end] !== " " ? undefined : blankRun(chars, gapStart, start, GLUE.length + 1);
  if (at === undefined) {
    // No room before the literal (or it sits inside a statement the worker keeps anyway):
    // append a copy. Its lines then differ from the .ts file's in stack traces.
    return `${chars.join("")}\n${GLUE}${literal});\n`;
  }
  for (let i = start; i < end; i++) chars[i] = "";
  chars[start] = literal;
  for (let i = 0; i < GLUE.length; i++) chars[at + i] = GLUE[i]!;
  // The marker call's own ")" follows the literal, so there is a blank to close the paren.
  chars[end] = ")";
  if (chars[end + 1] === " ") chars[end + 1] = ";";
  return chars.join("");
}

/** Another file with markers that worker code imports: what the worker carries of it, exports kept. */
export function viewSource(ctx: Context, sf: ts.SourceFile, carry: Carry, edits: readonly Edit[]): string {
  return slicedChars(ctx, sf, carry, edits, undefined).join("");
}

/** A file loaded whole, with its edits. */
export function editedSource(sf: ts.SourceFile, edits: readonly Edit[]): string {
  return editedChars(sf.text, edits).join("");
}
