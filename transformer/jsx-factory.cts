/**
 * The JSX factory: with the classic transform (`jsx: "react"`), `<b>{text}</b>` becomes a
 * call of `React.createElement` (or the tsconfig's `jsxFactory`, or a file's `@jsx`
 * pragma), a name the source never spells out where the element is. The walk must carry
 * its declaration all the same: a worker module without it throws ReferenceError where
 * the main thread renders.
 */
import type * as ts from "typescript";
import type { Context } from "./context.cjs";

/** An element or fragment that the classic transform turns into a factory call. */
export function isJsxCall(
  ts: typeof import("typescript"),
  n: ts.Node,
): n is ts.JsxOpeningLikeElement | ts.JsxOpeningFragment {
  return ts.isJsxOpeningElement(n) || ts.isJsxSelfClosingElement(n) || ts.isJsxOpeningFragment(n);
}

/**
 * The declaration name at the top of `sf` that the element's factory starts from
 * (`React` of `React.createElement`, `h`), if the file is compiled with the classic
 * transform and declares or imports that name at its top level. A factory declared
 * only inside the marked function travels with it; a global needs nothing.
 */
export function jsxFactoryDeclaration(ctx: Context, sf: ts.SourceFile, fragment: boolean): ts.Identifier | undefined {
  const ts = ctx.ts;
  const o = ctx.options;
  const pragma = pragmaOf(sf, fragment ? "jsxFrag" : "jsx");
  if (pragma === undefined && o.jsx !== ts.JsxEmit.React) return undefined;
  const factory = pragma ?? (fragment ? o.jsxFragmentFactory : o.jsxFactory) ?? "React";
  const root = /^[A-Za-z_$][\w$]*/.exec(factory)?.[0];
  return root === undefined ? undefined : topLevelName(ts, sf, root);
}

/** `@jsx h` / `@jsxFrag Fragment` in a comment ahead of the file's first statement. */
function pragmaOf(sf: ts.SourceFile, tag: "jsx" | "jsxFrag"): string | undefined {
  const re = new RegExp(`@${tag}\\s+([A-Za-z_$][\\w$.]*)`);
  for (const [start, end] of jsxPragmas(sf)) {
    const m = re.exec(sf.text.slice(start, end));
    if (m !== null) return m[1];
  }
  return undefined;
}

/**
 * Where the comments ahead of the file's first statement that hold a JSX pragma
 * (`@jsx`, `@jsxFrag`, `@jsxImportSource`, `@jsxRuntime`) are: a sliced copy of the file
 * keeps them, or its elements would call the tsconfig's factory instead.
 */
export function jsxPragmas(sf: ts.SourceFile): [number, number][] {
  const first = sf.statements[0];
  const head = sf.text.slice(0, first === undefined ? sf.text.length : first.getStart(sf));
  const out: [number, number][] = [];
  for (const m of head.matchAll(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g))
    if (/@jsx(Frag|ImportSource|Runtime)?\s/.test(m[0])) out.push([m.index, m.index + m[0].length]);
  return out;
}

/** The identifier that declares `name` among the file's top-level statements (imports included). */
function topLevelName(ts: typeof import("typescript"), sf: ts.SourceFile, name: string): ts.Identifier | undefined {
  const named = (id: ts.Node | undefined): id is ts.Identifier =>
    id !== undefined && ts.isIdentifier(id) && id.text === name;
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s)) {
      const clause = s.importClause;
      if (clause === undefined || clause.isTypeOnly) continue;
      if (named(clause.name)) return clause.name;
      const b = clause.namedBindings;
      if (b !== undefined && ts.isNamespaceImport(b) && named(b.name)) return b.name;
      if (b !== undefined && ts.isNamedImports(b))
        for (const e of b.elements) if (!e.isTypeOnly && named(e.name)) return e.name;
    } else if (ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) {
      if (named(s.name)) return s.name;
    } else if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) if (named(d.name)) return d.name;
    } else if (ts.isImportEqualsDeclaration(s) && named(s.name)) return s.name;
  }
  return undefined;
}
