/**
 * The stub rewrite of stub-ast.cts, as edits of source text, for the esbuild plugin: esbuild
 * loads files as text, so the plugin hands it each marked file with the same changes
 * made in place (TypeScript syntax and all; esbuild strips the types). Inserted text
 * has no newlines, so every line keeps its number.
 */
import * as path from "node:path";
import type * as ts from "typescript";
import type { Analysis, MarkedFunction, RefusedFunction } from "../analyze.cjs";
import { unreachable } from "../forms/index.cjs";
import { relativeSpecifier } from "./stub-ast.cjs";
import type { Context } from "../context.cjs";
import { descriptorFields } from "../contract.cjs";
import type { Format } from "../module-format.cjs";

const RUNTIME = "__tamed_rt";

/**
 * How a stub names where it runs from: `import.meta.url` in an ES module, `__filename` in
 * CommonJS, or an expression of the plugin's (a bundler that rewrites neither, a test run).
 */
export type Base = Format | { readonly expression: string };

function baseText(base: Base): string {
  return base === "esm" ? "import.meta.url" : base === "cjs" ? "__filename" : base.expression;
}

function descriptorText(m: MarkedFunction | RefusedFunction, base: Base): string {
  const fields = descriptorFields(m).map(([k, v]) => `${k}: ${JSON.stringify(v)}`);
  // A refused function has no worker module: its descriptor says why instead (docs/contract.md).
  if ("refused" in m) return `{ ${fields.join(", ")} }`;
  const names = [...m.errorClasses, ...m.errorImports.map((e) => `${e.local}.${e.exported}`)];
  const errors = names.length > 0 ? `, errors: () => [${names.join(", ")}]` : "";
  return `{ ${fields.join(", ")}, base: ${baseText(base)}${errors} }`;
}

interface Edit {
  readonly at: number;
  readonly end: number;
  readonly text: string;
}

/**
 * `async function f(a) {...}` becomes
 * `function f(...args) { return (h ??= rt.tamed(async function f(a) {...}, d))(...args); } var h;`
 * by two insertions around the untouched original: edits inside its body stay valid.
 */
function declarationEdits(
  ctx: Context,
  sf: ts.SourceFile,
  decl: ts.FunctionDeclaration,
  m: MarkedFunction | RefusedFunction,
  format: Base,
  n: number,
): Edit[] {
  const { ts } = ctx;
  const asyncKeyword = ts.getModifiers(decl)!.find((x) => x.kind === ts.SyntaxKind.AsyncKeyword)!;
  const holder = `__tamed_${m.name.replace(/\W/g, "_")}_${n}`;
  const name = decl.name?.text ?? "";
  const at = asyncKeyword.getStart(sf);
  return [
    { at, end: at, text: `function ${name}(...__tamed_args) { return (${holder} ??= ${RUNTIME}.${m.marker}(` },
    {
      at: decl.getEnd(),
      end: decl.getEnd(),
      text: `, ${descriptorText(m, format)}))(...__tamed_args); } var ${holder};`,
    },
  ];
}

/** How a file with stubs imports another source file: as the bundler resolves sources (the default), or as emitted JavaScript. */
export type ImportPath = (from: ts.SourceFile, to: ts.SourceFile) => string;

const sourceToSource: ImportPath = (from, to) => relativeSpecifier(path.dirname(from.fileName), to.fileName);

/**
 * The file's text with its marked functions' stubs in place, or undefined when it has none.
 * `importPath`: a bundler resolves the sources' own paths; per-file output (tamed build) needs the emitted files'.
 */
export function editedSource(
  ctx: Context,
  sf: ts.SourceFile,
  analysis: Analysis,
  format: Base,
  importPath: ImportPath = sourceToSource,
): string | undefined {
  const edits: Edit[] = [];
  let declarations = 0;
  for (const m of [...analysis.functions, ...analysis.refused]) {
    if (m.sourceFile !== sf) continue;
    const form = m.form;
    switch (form.kind) {
      case "call": {
        // After the last argument itself: arguments.end would be after a trailing comma.
        const at = form.site.arguments[form.site.arguments.length - 1]!.getEnd();
        edits.push({ at, end: at, text: `, ${descriptorText(m, format)}` });
        break;
      }
      case "method": {
        const at = form.site.expression.getEnd();
        edits.push({ at, end: at, text: `(${descriptorText(m, format)})` });
        break;
      }
      case "literal":
        declarations++;
        edits.push({ at: form.site.getStart(sf), end: form.site.getStart(sf), text: `${RUNTIME}.${m.marker}(` });
        edits.push({ at: form.site.getEnd(), end: form.site.getEnd(), text: `, ${descriptorText(m, format)})` });
        break;
      case "declaration":
        edits.push(...declarationEdits(ctx, sf, form.site, m, format, ++declarations));
        break;
      default:
        unreachable(form);
    }
  }
  const imports = new Map<string, string>();
  for (const m of analysis.functions) {
    if (m.sourceFile !== sf) continue;
    for (const e of m.errorImports) {
      const from = importPath(sf, e.file);
      imports.set(e.local, `import * as ${e.local} from ${JSON.stringify(from)};`);
    }
  }
  if (edits.length === 0) return undefined;
  // From the end backwards, so that each edit's offsets are still the original ones. At one
  // offset, an edit that closes something (a later insertion in document order) goes first.
  let text = sf.text;
  const order = edits.map((e, i) => ({ e, i })).sort((a, b) => b.e.at - a.e.at || b.i - a.i);
  for (const { e } of order) text = text.slice(0, e.at) + e.text + text.slice(e.end);
  // Imports are hoisted, so it can go last, where it moves no line (and no shebang).
  const appended = [...imports.values(), ...(declarations > 0 ? [`import * as ${RUNTIME} from "tamed";`] : [])];
  return appended.length > 0 ? `${text}\n${appended.join("\n")}\n` : text;
}

/**
 * The edited text of each file that has marked functions (absolute path → text), what a
 * bundler loads in place of the source and what `tamed build` hands esbuild. `base` is one
 * for every file, or each file's own (its module format, in per-file output).
 */
export function stubEdits(
  ctx: Context,
  analysis: Analysis,
  base: Base | ((sf: ts.SourceFile) => Base),
  importPath?: ImportPath,
): Map<string, string> {
  const edits = new Map<string, string>();
  for (const sf of new Set([...analysis.functions, ...analysis.refused].map((m) => m.sourceFile))) {
    const text = editedSource(ctx, sf, analysis, typeof base === "function" ? base(sf) : base, importPath);
    if (text !== undefined) edits.set(path.resolve(sf.fileName), text);
  }
  return edits;
}
