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
 * worker module in `__tamed__/` (see locationEdits); and marker calls get their
 * descriptor, as on the main thread (see nameEdits in module-request.cts).
 */
import * as path from "node:path";
import type * as ts from "typescript";
import { moduleFormat } from "../module-format.cjs";
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

/** How the worker names a location the main thread has (see locationEdits). */
export interface Located {
  /** Path of the file the main thread runs for this source, relative to the worker module's folder. */
  readonly fromWorker: string;
  /**
   * Where the main thread's bundle reads a file it made an asset of (webpack and Rspack emit
   * `new URL("./words.txt", import.meta.url)` as `<hash>.txt`): the source file's absolute
   * path to the emitted one's, relative to the worker module's folder.
   */
  readonly asset?: (file: string) => string | undefined;
  /**
   * Whether the main thread runs each file as it is (tsc's output): then an `import()` or
   * `require()` of a specifier computed at run time resolves from that file, as there.
   */
  readonly computed?: boolean;
}

/** What a file must say for locationEdits to have something to rewrite (besides computed imports). */
const LOCATION_WORDS = /import\.meta|__dirname|__filename|require\.resolve|\bmodule\b/;

/** Helpers the rewritten expressions call; defined by the worker module's banner (module-build.cts). */
export const LOCATION_HELPERS = {
  file: "__tamed_file",
  dir: "__tamed_dir",
  resolve: "__tamed_resolve",
  module: "__tamed_module",
} as const;

/**
 * `import.meta.url`, `import.meta.filename`, `import.meta.dirname`, `import.meta.resolve`, and
 * the CommonJS `__filename`, `__dirname`, `require.resolve` and `module` (not a variable of the user's by that name),
 * as they are on the main thread: in a worker module they would name the worker module in
 * `__tamed__/`, and `new URL("./words.txt", import.meta.url)` or `import.meta.resolve("./words.txt")`
 * would miss its file (or, where the bundle made that file an asset of its own, `where.asset`
 * names the copy it reads).
 */
export function locationEdits(ctx: Context, sf: ts.SourceFile, where: Located): Edit[] {
  const { ts, checker } = ctx;
  if (!LOCATION_WORDS.test(sf.text) && !(where.computed === true && /\b(?:import|require)\s*\(/.test(sf.text)))
    return [];
  const rel = JSON.stringify(where.fromWorker);
  const file = `${LOCATION_HELPERS.file}(${rel})`;
  const dir = `${LOCATION_HELPERS.dir}(${rel})`;
  const edits: Edit[] = [];
  /** `import.meta.<name>` (any name when left out). */
  const isImportMeta = (n: ts.Node, name?: string): n is ts.PropertyAccessExpression =>
    ts.isPropertyAccessExpression(n) &&
    ts.isMetaProperty(n.expression) &&
    n.expression.keywordToken === ts.SyntaxKind.ImportKeyword &&
    (name === undefined || n.name.text === name);
  // An ES module has no `module` (reading it throws there too): only a CommonJS file's is its module object.
  const commonJs = moduleFormat(ctx, sf) === "cjs";
  /** `module` where it is a value (not a key, a member's name, a declaration's name or a type). */
  const readsModule = (id: ts.Identifier): boolean => {
    const p = id.parent;
    if (ts.isPropertyAccessExpression(p)) return p.expression === id;
    if (ts.isQualifiedName(p) || ts.isTypeQueryNode(p) || ts.isTypeReferenceNode(p)) return false;
    const named = p as ts.Node & { name?: ts.Node };
    return named.name !== id || ts.isShorthandPropertyAssignment(p);
  };
  /** A global (from @types/node), or none at all: not the user's own variable of that name. */
  const isEnvironments = (id: ts.Identifier): boolean => {
    const d = checker.getSymbolAtLocation(id)?.declarations?.[0];
    return d === undefined || d.getSourceFile().isDeclarationFile;
  };
  const visit = (n: ts.Node): void => {
    // `import(\`./locales/${lang}.js\`)`, `require("./plugins/" + name)`: esbuild cannot bundle a
    // specifier computed at run time, and from the worker module it would resolve from `__tamed__/`.
    // It resolves from the main thread's file, and loads what the main thread loads there.
    if (where.computed === true && ts.isCallExpression(n) && n.arguments.length > 0) {
      const arg = n.arguments[0]!;
      const computed = !ts.isStringLiteralLike(arg) && !ts.isSpreadElement(arg);
      if (computed && n.expression.kind === ts.SyntaxKind.ImportKeyword && !LOCATION_WORDS.test(arg.getText(sf))) {
        edits.push({
          start: arg.getStart(sf),
          end: arg.getEnd(),
          text: `${LOCATION_HELPERS.resolve}(${rel})(${arg.getText(sf)})`,
        });
        return;
      }
      if (
        computed &&
        commonJs &&
        ts.isIdentifier(n.expression) &&
        n.expression.text === "require" &&
        isEnvironments(n.expression)
      )
        edits.push({
          start: n.expression.getStart(sf),
          end: n.expression.getEnd(),
          text: `__tamed_createRequire(${file})`,
        });
    }
    if (
      where.asset !== undefined &&
      ts.isNewExpression(n) &&
      ts.isIdentifier(n.expression) &&
      n.expression.text === "URL" &&
      n.arguments?.length === 2 &&
      ts.isStringLiteralLike(n.arguments[0]!) &&
      isImportMeta(n.arguments[1]!, "url")
    ) {
      const emitted = where.asset(path.resolve(path.dirname(sf.fileName), n.arguments[0].text));
      if (emitted !== undefined) {
        edits.push({
          start: n.getStart(sf),
          end: n.getEnd(),
          text: `new URL(${JSON.stringify(emitted)}, import.meta.url)`,
        });
        return;
      }
    }
    if (isImportMeta(n)) {
      const name = n.name.text;
      const text =
        name === "url"
          ? `new URL(${rel}, import.meta.url).href`
          : name === "filename"
            ? file
            : name === "dirname"
              ? dir
              : name === "resolve"
                ? `${LOCATION_HELPERS.resolve}(${rel})`
                : undefined;
      if (text !== undefined) edits.push({ start: n.getStart(sf), end: n.getEnd(), text });
      return;
    }
    // `require.resolve("./words.txt")` in a CommonJS source: the worker module's `require` (its
    // banner's) resolves from `__tamed__/`; this one resolves from the main thread's file.
    if (
      ts.isPropertyAccessExpression(n) &&
      ts.isIdentifier(n.expression) &&
      n.expression.text === "require" &&
      n.name.text === "resolve" &&
      isEnvironments(n.expression)
    ) {
      edits.push({ start: n.getStart(sf), end: n.getEnd(), text: `__tamed_createRequire(${file}).resolve` });
      return;
    }
    if (ts.isIdentifier(n) && (n.text === "__dirname" || n.text === "__filename")) {
      if (isEnvironments(n))
        edits.push({ start: n.getStart(sf), end: n.getEnd(), text: n.text === "__dirname" ? dir : file });
      return;
    }
    // CommonJS's `module` as a value (`require.main === module`, `typeof module`, `module.id`): a
    // worker module has none. A stand-in with the main thread's file, which is not the entry.
    if (ts.isIdentifier(n) && n.text === "module" && commonJs && readsModule(n)) {
      const p = n.parent;
      // `{ module }`: the name is also the key.
      const shorthand = ts.isShorthandPropertyAssignment(p);
      const d = shorthand ? checker.getShorthandAssignmentValueSymbol(p)?.declarations?.[0] : undefined;
      if (shorthand ? d === undefined || d.getSourceFile().isDeclarationFile : isEnvironments(n))
        edits.push({
          start: n.getStart(sf),
          end: n.getEnd(),
          text: `${shorthand ? "module: " : ""}${LOCATION_HELPERS.module}(${rel})`,
        });
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return edits;
}
