/**
 * The stub rewrite of stub.cts, as edits of source text, for the esbuild plugin: esbuild
 * loads files as text, so the plugin hands it each marked file with the same changes
 * made in place (TypeScript syntax and all; esbuild strips the types). Inserted text
 * has no newlines, so every line keeps its number.
 */
import type * as ts from "typescript";
import type { Analysis, MarkedFunction } from "./analyze.cjs";
import type { Context } from "./context.cjs";
import { descriptorFields } from "./contract.cjs";
import type { Format } from "./module-format.cjs";

const RUNTIME = "__tamed_rt";

function descriptorText(m: MarkedFunction, format: Format): string {
  const fields = descriptorFields(m).map(([k, v]) => `${k}: ${JSON.stringify(v)}`);
  const errors = m.errorClasses.length > 0 ? `, errors: () => [${m.errorClasses.join(", ")}]` : "";
  return `{ ${fields.join(", ")}, base: ${format === "esm" ? "import.meta.url" : "__filename"}${errors} }`;
}

interface Edit {
  readonly at: number;
  readonly end: number;
  readonly text: string;
}

function declarationEdit(ctx: Context, sf: ts.SourceFile, decl: ts.FunctionDeclaration, m: MarkedFunction, format: Format, n: number): Edit {
  const { ts } = ctx;
  const text = sf.text;
  const asyncKeyword = ts.getModifiers(decl)!.find((x) => x.kind === ts.SyntaxKind.AsyncKeyword)!;
  const fnAt = text.indexOf("function", asyncKeyword.getEnd());
  const holder = `__tamed_${m.name.replace(/\W/g, "_")}_${n}`;
  const name = decl.name?.text ?? "";
  const original = text.slice(fnAt, decl.getEnd());
  const wrapper =
    `function ${name}(...__tamed_args) { return (${holder} ??= ${RUNTIME}.${m.marker}(async ${original}, ${descriptorText(m, format)}))(...__tamed_args); } ` +
    `var ${holder};`;
  return { at: asyncKeyword.getStart(sf), end: decl.getEnd(), text: wrapper };
}

/** The file's text with its marked functions' stubs in place, or undefined when it has none. */
export function editedSource(ctx: Context, sf: ts.SourceFile, analysis: Analysis, format: Format): string | undefined {
  const { ts } = ctx;
  const edits: Edit[] = [];
  let declarations = 0;
  for (const m of analysis.functions) {
    if (m.sourceFile !== sf) continue;
    const site = m.site;
    if (ts.isCallExpression(site)) {
      const at = site.arguments.end;
      edits.push({ at, end: at, text: `, ${descriptorText(m, format)}` });
    } else if (ts.isDecorator(site)) {
      const at = site.expression.getEnd();
      edits.push({ at, end: at, text: `(${descriptorText(m, format)})` });
    } else if (ts.isArrowFunction(site) || ts.isFunctionExpression(site)) {
      declarations++;
      edits.push({ at: site.getStart(sf), end: site.getStart(sf), text: `${RUNTIME}.${m.marker}(` });
      edits.push({ at: site.getEnd(), end: site.getEnd(), text: `, ${descriptorText(m, format)})` });
    } else {
      edits.push(declarationEdit(ctx, sf, site, m, format, ++declarations));
    }
  }
  if (edits.length === 0) return undefined;
  let text = sf.text;
  for (const e of edits.sort((a, b) => b.at - a.at)) text = text.slice(0, e.at) + e.text + text.slice(e.end);
  // Imports are hoisted, so it can go last, where it moves no line (and no shebang).
  return declarations > 0 ? `${text}\nimport * as ${RUNTIME} from "tamed";\n` : text;
}
