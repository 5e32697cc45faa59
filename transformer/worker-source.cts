/**
 * The source of a worker module: the marked function's own file with every
 * top-level statement it does not need blanked out, character for character.
 *
 * Blanking (spaces, newlines kept) instead of printing a new file keeps every kept
 * line and column where it was, so esbuild's source map points the worker's stack
 * frames at the original .ts lines with no map of our own. `export` keywords of kept
 * statements are blanked; the function becomes the module's default export:
 *  - `const f = makeAsync(fn)` at module level is kept whole, marker included (in a
 *    worker the marker returns a stub that runs inline, so marked functions calling
 *    each other still get AsyncTasks), and `export default f;` is appended. When no
 *    kept code uses `f` (`unwrap`), the marker's callee is blanked instead, leaving
 *    `const f = (fn)`: the worker then need not load tamed's runtime at all for it
 *    (the marker's import goes unused, and esbuild drops it), about 4 ms off each new
 *    worker's first call;
 *  - a marker anywhere else keeps only the function literal, and `export default (`
 *    is written into the blank space just before it (parenthesised, so that a named
 *    function expression stays an expression and declares nothing), `)` after it.
 *
 * `exportsView` is the view of a marked file that worker code gets when it imports
 * that file normally (a helper that imports it back).
 */
import type * as ts from "typescript";
import type { Context } from "./context.cjs";
import { slice } from "./slice.cjs";

export type WorkerEntry =
  | { readonly kind: "named"; readonly name: string; readonly unwrap?: ts.CallExpression | undefined }
  | { readonly kind: "literal"; readonly node: ts.Node }
  /** `export default async function (...) {}`: the statement is the default export already. */
  | { readonly kind: "asIs"; readonly statement: ts.Statement };

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

export function workerSource(ctx: Context, sf: ts.SourceFile, keep: ReadonlySet<ts.Statement>, entry: WorkerEntry): string {
  const { ts } = ctx;
  const text = sf.text;
  const chars = text.split("");
  let cursor = 0;
  for (const stmt of sf.statements) {
    if (!keep.has(stmt)) continue;
    blank(chars, cursor, stmt.getStart(sf));
    const asIs = entry.kind === "asIs" && entry.statement === stmt;
    for (const m of (ts.canHaveModifiers(stmt) && !asIs ? ts.getModifiers(stmt) : undefined) ?? []) {
      if (m.kind === ts.SyntaxKind.ExportKeyword || m.kind === ts.SyntaxKind.DefaultKeyword) blank(chars, m.getStart(sf), m.getEnd());
    }
    cursor = stmt.getEnd();
  }
  blank(chars, cursor, chars.length);
  // The callee and type arguments, up to the argument list's "(": `makeAsync<A>(fn)` → `(fn)`.
  if (entry.kind === "named" && entry.unwrap !== undefined) blank(chars, entry.unwrap.getStart(sf), entry.unwrap.arguments.pos - 1);
  if (entry.kind === "asIs") return chars.join("");
  if (entry.kind === "named") return `${chars.join("")}\nexport default ${entry.name};\n`;

  const start = entry.node.getStart(sf);
  const end = entry.node.getEnd();
  const literal = text.slice(start, end);
  const inKept = [...keep].some((s) => s.pos <= start && end <= s.end);
  const gapStart = Math.max(0, ...[...keep].filter((s) => s.end <= start).map((s) => s.end));
  const at = inKept || chars[end] !== " " ? undefined : blankRun(chars, gapStart, start, GLUE.length + 1);
  if (at === undefined) {
    // No room before the literal (or it sits inside a statement the worker keeps anyway):
    // append a copy. Its lines then differ from the .ts file's in stack traces.
    return `${chars.join("")}\n${GLUE}${literal});\n`;
  }
  for (let i = 0; i < literal.length; i++) chars[start + i] = literal[i]!;
  for (let i = 0; i < GLUE.length; i++) chars[at + i] = GLUE[i]!;
  // The marker call's own ")" follows the literal, so there is a blank to close the paren.
  chars[end] = ")";
  if (chars[end + 1] === " ") chars[end + 1] = ";";
  return chars.join("");
}

function isExported(ts: typeof import("typescript"), s: ts.Statement): boolean {
  if (ts.isExportDeclaration(s) || ts.isExportAssignment(s)) return true;
  return ts.canHaveModifiers(s) && (ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false);
}

/**
 * A marked file as worker code sees it when it imports the file normally (a helper
 * that imports it back): its exports and what they use, sliced like a marked
 * function, with `export` kept. Its other top-level statements do not run.
 */
export function exportsView(ctx: Context, sf: ts.SourceFile): string {
  const { ts } = ctx;
  const keep = new Set<ts.Statement>();
  for (const stmt of sf.statements) {
    if (!isExported(ts, stmt) || keep.has(stmt)) continue;
    keep.add(stmt);
    for (const s of slice(ctx, stmt, "", "").keep) keep.add(s);
  }
  const chars = sf.text.split("");
  let cursor = 0;
  for (const stmt of sf.statements) {
    if (!keep.has(stmt)) continue;
    blank(chars, cursor, stmt.getStart(sf));
    cursor = stmt.getEnd();
  }
  blank(chars, cursor, chars.length);
  return chars.join("");
}
