/**
 * Which module an import names, as TypeScript resolved it for the program: the source
 * file itself, never a build output lying beside it. The worker bundler is told these
 * answers instead of resolving on its own, so a worker is always built from the same
 * sources as the main thread's JavaScript (`./math.js` is `math.ts`, not the previous
 * build's `math.js`; a `paths` alias or a package.json `imports` entry pointing into
 * `outDir` is the source file it maps back to).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type * as ts from "typescript";
import type { Context } from "./context.cjs";
import { moduleFormat } from "./module-format.cjs";
import { isUserFile } from "./nodes.cjs";

/** How the worker bundler loads one import of one file. */
export type Resolution =
  /** A source file of the program: bundled from there. */
  | { readonly file: string }
  /**
   * A package imported by a file that tsc emits as CommonJS: loaded with require(), as
   * on the main thread (named imports of a CommonJS package then work, through the
   * same interop tsc's output uses).
   */
  | { readonly require: string };

/** importer's absolute path → specifier → resolution. */
export type ResolutionMap = Record<string, Record<string, Resolution>>;

export class ModuleGraph {
  readonly #targets = new Map<ts.Node, ts.SourceFile | null>();
  /** requiredFiles' answers: a walk of the whole file, asked for again by each file graph question. */
  readonly #required = new Map<ts.SourceFile, readonly ts.SourceFile[]>();

  constructor(readonly ctx: Context) {}

  /** The module specifiers a file uses: static imports and re-exports, `import x = require()`, dynamic `import()`. */
  specifiers(sf: ts.SourceFile): readonly ts.StringLiteralLike[] {
    // Collected by the program when it was built (internal, and exactly the list tsc resolves).
    const collected = (sf as ts.SourceFile & { imports?: readonly ts.StringLiteralLike[] }).imports;
    if (collected !== undefined) return collected;
    const { ts } = this.ctx;
    const out: ts.StringLiteralLike[] = [];
    const visit = (n: ts.Node): void => {
      if (
        (ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) &&
        n.moduleSpecifier !== undefined &&
        ts.isStringLiteralLike(n.moduleSpecifier)
      )
        out.push(n.moduleSpecifier);
      else if (ts.isExternalModuleReference(n) && ts.isStringLiteralLike(n.expression)) out.push(n.expression);
      else if (
        ts.isCallExpression(n) &&
        n.expression.kind === ts.SyntaxKind.ImportKeyword &&
        n.arguments[0] !== undefined &&
        ts.isStringLiteralLike(n.arguments[0])
      )
        out.push(n.arguments[0]);
      ts.forEachChild(n, visit);
    };
    visit(sf);
    return out;
  }

  /** The user's source file a module specifier resolves to, if it resolves to one. */
  targetOfSpecifier(literal: ts.Expression): ts.SourceFile | undefined {
    let t = this.#targets.get(literal);
    if (t === undefined) {
      t = null;
      const { ts, program } = this.ctx;
      const internal = program as ts.Program & {
        getResolvedModuleFromModuleSpecifier?: (
          s: ts.StringLiteralLike,
          f: ts.SourceFile,
        ) => { resolvedModule?: { resolvedFileName: string } } | undefined;
      };
      if (ts.isStringLiteralLike(literal)) {
        const resolved = internal.getResolvedModuleFromModuleSpecifier?.(literal, literal.getSourceFile())
          ?.resolvedModule?.resolvedFileName;
        const sf =
          resolved !== undefined
            ? program.getSourceFile(resolved)
            : moduleSourceFile(ts, this.ctx.checker.getSymbolAtLocation(literal));
        if (sf !== undefined && isUserFile(this.ctx, sf)) t = sf;
      }
      this.#targets.set(literal, t);
    }
    return t ?? undefined;
  }

  /**
   * The user's files that relative `require("./x")` calls load (a CommonJS entry loading the app
   * that way). TypeScript collects such calls only in JavaScript files, so in a TypeScript file
   * they are not among `specifiers`; each is resolved here as tsc's CommonJS output would find
   * it: the literal path, or its source extensions, among the program's files.
   */
  requiredFiles(sf: ts.SourceFile): readonly ts.SourceFile[] {
    const known = this.#required.get(sf);
    if (known !== undefined) return known;
    const { ts, program } = this.ctx;
    const out: ts.SourceFile[] = [];
    this.#required.set(sf, out);
    if (!sf.text.includes("require(")) return out;
    const visit = (n: ts.Node): void => {
      if (
        ts.isCallExpression(n) &&
        ts.isIdentifier(n.expression) &&
        n.expression.text === "require" &&
        n.arguments.length === 1 &&
        ts.isStringLiteralLike(n.arguments[0]!) &&
        !declaredByUser(this.ctx, n.expression)
      ) {
        const text = n.arguments[0].text;
        if (RELATIVE.test(text)) {
          const literal = path.resolve(path.dirname(sf.fileName), text);
          const ext = path.extname(literal);
          const sources = SOURCE_FOR[ext];
          // `./stamp` is stamp.ts; `./stamp.js` is stamp.ts too; `./data.json` is itself.
          const base = sources === undefined || ext === "" ? literal : literal.slice(0, -ext.length);
          const candidates = [literal, ...(sources ?? SOURCE_FOR[""]!).map((e) => base + e)];
          // Failing those, Node loads a folder's index (`./stamp` is stamp/index.ts, `.` is ./index.ts).
          if (ext === "" || sources === undefined)
            candidates.push(...SOURCE_FOR[""]!.map((e) => path.join(literal, `index${e}`)));
          for (const c of candidates) {
            const t = program.getSourceFile(c);
            if (t !== undefined && isUserFile(this.ctx, t)) {
              out.push(t);
              break;
            }
          }
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
    return out;
  }

  /** The user's source file an import, re-export or `import x = require()` statement loads. */
  targetOf(stmt: ts.Statement): ts.SourceFile | undefined {
    const { ts } = this.ctx;
    if ((ts.isImportDeclaration(stmt) || ts.isExportDeclaration(stmt)) && stmt.moduleSpecifier !== undefined)
      return this.targetOfSpecifier(stmt.moduleSpecifier);
    if (ts.isImportEqualsDeclaration(stmt) && ts.isExternalModuleReference(stmt.moduleReference))
      return this.targetOfSpecifier(stmt.moduleReference.expression);
    return undefined;
  }

  /**
   * How the worker bundler must load the imports of these files that it would not load
   * as TypeScript did by itself (each answer costs a round trip to the plugin, so the
   * others are left to it): aliases and package.json `imports`, a relative import with a
   * file by that very name on disk (a stale build output), imports of files with markers
   * (`sliced`: they are sliced per worker), of files whose side effects the main thread's
   * bundle tool decided (`decided`: emit/side-effect-verdicts.cts), and CommonJS sources'
   * packages.
   */
  resolutions(
    files: Iterable<ts.SourceFile>,
    sliced: ReadonlySet<ts.SourceFile>,
    decided: (file: string) => boolean = () => false,
  ): ResolutionMap {
    const map: ResolutionMap = {};
    for (const sf of files) {
      const entries: Record<string, Resolution> = {};
      const cjs = moduleFormat(this.ctx, sf) === "cjs";
      for (const literal of this.specifiers(sf)) {
        const target = this.targetOfSpecifier(literal);
        if (target !== undefined) {
          const file = path.resolve(target.fileName);
          if (sliced.has(target) || decided(file) || !bundlerAgrees(sf.fileName, literal.text, target.fileName))
            entries[literal.text] = { file };
        } else if (cjs && !literal.text.startsWith(".") && !path.isAbsolute(literal.text))
          entries[literal.text] = { require: literal.text };
      }
      if (Object.keys(entries).length > 0) map[path.resolve(sf.fileName)] = entries;
    }
    return map;
  }
}

/** A relative module path, as `require()` takes one: `./x`, `../x`, `.` or `..`. */
const RELATIVE = /^\.\.?(?:\/|$)/;

/** TypeScript's extensions for the JavaScript ones an import names (`./x.js` means x.ts). */
const SOURCE_FOR: Readonly<Record<string, readonly string[]>> = {
  ".js": [".ts", ".tsx"],
  ".jsx": [".tsx"],
  ".mjs": [".mts"],
  ".cjs": [".cts"],
  "": [".tsx", ".ts"],
};

/**
 * Whether esbuild, resolving a relative import by itself, surely finds the file TypeScript
 * found: no file on disk has the literal name (esbuild would take it, a stale output
 * perhaps), and TypeScript's file is the literal name with its source extension.
 */
function bundlerAgrees(importer: string, specifier: string, target: string): boolean {
  if (!specifier.startsWith("./") && !specifier.startsWith("../")) return false;
  const literal = path.resolve(path.dirname(importer), specifier);
  if (fs.existsSync(literal) && fs.statSync(literal).isFile()) return path.resolve(target) === literal;
  const ext = path.extname(literal);
  const known = SOURCE_FOR[ext];
  if (known === undefined) return path.resolve(target) === literal;
  const base = ext === "" ? literal : literal.slice(0, -ext.length);
  return known.some((e) => path.resolve(target) === base + e && (e === known[0] || !fs.existsSync(base + known[0]!)));
}

/** Whether `id` names a declaration of the user's (a local `require`), not Node's global. */
function declaredByUser(ctx: Context, id: ts.Identifier): boolean {
  const d = ctx.checker.getSymbolAtLocation(id)?.declarations?.[0];
  return d !== undefined && isUserFile(ctx, d.getSourceFile());
}

function moduleSourceFile(ts: typeof import("typescript"), symbol: ts.Symbol | undefined): ts.SourceFile | undefined {
  const d = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
  return d !== undefined && ts.isSourceFile(d) ? d : undefined;
}
