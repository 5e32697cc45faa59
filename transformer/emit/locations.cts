/**
 * Where a worker module's code says "here": in every file the worker loads, what names or
 * resolves from the module's own location (`import.meta.url`, `import.meta.resolve`,
 * `__dirname`, `__filename`, `require.resolve`, CommonJS's `module`, an `import()` or
 * `require()` of a specifier computed at run time) is rewritten to the file the main thread
 * runs, not the worker module in `__tamed__/`. The rewritten expressions call helpers the
 * worker module's banner defines (module-build.cts).
 */
import * as path from "node:path";
import type * as ts from "typescript";
import type { Context } from "../context.cjs";
import { moduleFormat } from "../module-format.cjs";
import type { Edit } from "./module-source.cjs";

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

/** Whether tsc's CommonJS output gives imports its interop helpers (esModuleInterop, on by default from TypeScript 6). */
function esModuleInterop(ctx: Context): boolean {
  const own = (ctx.ts as { getESModuleInterop?: (o: ts.CompilerOptions) => boolean }).getESModuleInterop;
  return own !== undefined ? own(ctx.options) : ctx.options.esModuleInterop !== false;
}

/** What a file must say for locationEdits to have something to rewrite (besides computed imports). */
const LOCATION_WORDS = /import\.meta|__dirname|__filename|require\.resolve|\bmodule\b/;

/** Helpers the rewritten expressions call; defined by the worker module's banner (module-build.cts). */
export const LOCATION_HELPERS = {
  file: "__tamed_file",
  dir: "__tamed_dir",
  resolve: "__tamed_resolve",
  module: "__tamed_module",
  /** Node's createRequire, imported under this name. */
  createRequire: "__tamed_createRequire",
  /** tsc's `__importStar`: what its CommonJS output makes of a required module for an import(). */
  importStar: "__tamed_importStar",
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
        // Under `module: commonjs` the main thread's JavaScript has no import(): tsc made it a
        // require() of the main thread's file, with its interop (`__importStar`: a CommonJS
        // module's `default` is `exports.default` when it says `__esModule`, else the module).
        if (commonJs && ctx.options.module === ts.ModuleKind.CommonJS) {
          const load = `${LOCATION_HELPERS.createRequire}(${file})(s)`;
          edits.push({
            start: n.getStart(sf),
            end: n.getEnd(),
            text: `Promise.resolve(\`\${${arg.getText(sf)}}\`).then((s) => ${esModuleInterop(ctx) ? `${LOCATION_HELPERS.importStar}(${load})` : load})`,
          });
          return;
        }
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
          text: `${LOCATION_HELPERS.createRequire}(${file})`,
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
      edits.push({
        start: n.getStart(sf),
        end: n.getEnd(),
        text: `${LOCATION_HELPERS.createRequire}(${file}).resolve`,
      });
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
