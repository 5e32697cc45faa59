/**
 * TypeScript 7.0's native compiler, presented as the part of TypeScript 5.9/6's `ts`,
 * `Program` and `TypeChecker` that tamed's analysis uses, so the analysis runs unchanged.
 * This is the one file that loads `typescript/unstable/*` (see docs/research/ts7-api.md).
 *
 * TypeScript 7 runs as a separate process (`tsc --api`): every checker call is a round
 * trip to it, source files arrive as ASTs whose node objects have TypeScript 6's field
 * names, and symbols and types are handles with a different shape (§1.4 of the research).
 * What differs is bridged here: symbols and types are wrapped, once each (the analysis
 * keys WeakMaps and Sets by them: one wrapper per handle keeps identity), their
 * declarations resolved to nodes; functions 7.0 renamed or lacks are given their 6 names.
 */
import * as nodeModule from "node:module";
import * as path from "node:path";
import type * as ts from "typescript";
import type { Context } from "./context.cjs";
import { commonSourceDirectory, userSources } from "./typescript7-files.cjs";
import { NativeSession, type Made } from "./typescript7-session.cjs";
import { StatementSymbols } from "./typescript7-symbols.cjs";

/* eslint-disable @typescript-eslint/no-explicit-any -- TypeScript 7's objects are typed by its own package, not the typescript 6 this is compiled against */
type Raw = any;

/** An open TypeScript 7 project: tamed's context over one snapshot of it, and the process to close. */
export interface NativeProject {
  readonly ctx: Context;
  /**
   * The project as its files are on disk now, in the same `tsc --api` process (a watch
   * rebuild: no new process, and the files that did not change keep their ASTs). Ends the
   * snapshot before this one; this one stays readable until the next reload, since work
   * started on it (a dev server's worker build) may still be running. `roots`: as for
   * openNativeProject (by default this one's).
   */
  readonly reload: (roots?: readonly string[]) => NativeProject;
  /** Ends the `tsc --api` process, and with it every snapshot. */
  readonly close: () => void;
}

/** `ts.getModifiers`: TypeScript 7.0 keeps modifiers and decorators in one `modifiers` list. */
function modifiersOf(ast: Raw, node: Raw): Raw[] | undefined {
  const all = node.modifiers as Raw[] | undefined;
  if (all === undefined) return undefined;
  const mods = [...all].filter((m) => ast.isModifier(m));
  return mods.length > 0 ? mods : undefined;
}

function decoratorsOf(ast: Raw, node: Raw): Raw[] | undefined {
  const all = node.modifiers as Raw[] | undefined;
  if (all === undefined) return undefined;
  const decorators = [...all].filter((m) => ast.isDecorator(m));
  return decorators.length > 0 ? decorators : undefined;
}

/** The `ts` of tamed's analysis, made of TypeScript 7's AST module, its enums, and the 6 names it lacks. */
function tsLike(ast: Raw, sync: Raw, jsxEmit: Raw): typeof ts {
  const t: Raw = {
    ...ast,
    SymbolFlags: sync.SymbolFlags,
    TypeFlags: sync.TypeFlags,
    ObjectFlags: sync.ObjectFlags,
    ModuleKind: sync.ModuleKind,
    DiagnosticCategory: sync.DiagnosticCategory,
    SignatureKind: sync.SignatureKind,
    JsxEmit: jsxEmit,
    // 6's free function, 7's method; both return the first truthy value a callback gives.
    forEachChild: (node: Raw, cbNode: Raw, cbNodes?: Raw) => node.forEachChild(cbNode, cbNodes),
    getModifiers: (node: Raw) => modifiersOf(ast, node),
    getDecorators: (node: Raw) => decoratorsOf(ast, node),
    // 7.0 has no kind tables for these; a node without a modifiers list simply has none.
    canHaveModifiers: () => true,
    canHaveDecorators: () => true,
    isAccessor: ast.isAccessorDeclaration,
    isClassLike: ast.isClassLikeDeclaration,
    isFunctionLike: (n: Raw) => n !== undefined && ast.isSignatureDeclaration(n),
    isMethodSignature: ast.isMethodSignatureDeclaration,
    isParameter: ast.isParameterDeclaration,
    isStringLiteralLike: ast.isStringLiteralLikeNode,
    isTypeAssertionExpression: ast.isTypeAssertion,
  };
  return t as typeof ts;
}

/** Wraps TypeScript 7's symbols and types in the shapes TypeScript 6 gives them, one wrapper per handle. */
class Shapes {
  readonly #wrappers = new WeakMap<object, object>();
  readonly #raw = new WeakMap<object, Raw>();

  constructor(
    readonly project: Raw,
    readonly checker: Raw,
    readonly signatureKind: Raw,
  ) {}

  unwrap(x: Raw): Raw {
    return x !== null && typeof x === "object" ? (this.#raw.get(x) ?? x) : x;
  }

  #once<T extends object>(raw: Raw, make: () => T): T {
    const known = this.#wrappers.get(raw);
    if (known !== undefined) return known as T;
    const made = make();
    this.#wrappers.set(raw, made);
    this.#raw.set(made, raw);
    return made;
  }

  #node(handle: Raw): Raw {
    return handle === undefined ? undefined : handle.resolve(this.project);
  }

  symbol(raw: Raw): ts.Symbol | undefined {
    if (raw === undefined || raw === null) return undefined;
    const node = (h: Raw): Raw => this.#node(h);
    let declarations: Raw[] | undefined;
    return this.#once(raw, () => ({
      flags: raw.flags,
      name: raw.name,
      escapedName: raw.escapedName,
      getName: () => raw.name,
      getFlags: () => raw.flags,
      get declarations() {
        // Resolved on first use: each is a fetch of a source file's AST, or a lookup in one already fetched.
        return (declarations ??= (raw.declarations as Raw[]).map(node).filter((d) => d !== undefined));
      },
      get valueDeclaration() {
        return node(raw.valueDeclaration);
      },
    })) as unknown as ts.Symbol;
  }

  type(raw: Raw): ts.Type {
    const { checker, signatureKind } = this;
    const symbol = (x: Raw): ts.Symbol | undefined => this.symbol(x);
    const type = (x: Raw): ts.Type => this.type(x);
    const signature = (x: Raw): ts.Signature => this.signature(x);
    return this.#once(raw, () => ({
      flags: raw.flags,
      objectFlags: raw.objectFlags,
      isUnion: () => raw.isUnionType(),
      isIntersection: () => raw.isIntersectionType(),
      isClassOrInterface: () => raw.isClassOrInterface(),
      get types() {
        return ((raw.getTypes() ?? []) as Raw[]).map(type);
      },
      getCallSignatures: () => (checker.getSignaturesOfType(raw, signatureKind.Call) as Raw[]).map(signature),
      getConstructSignatures: () => (checker.getSignaturesOfType(raw, signatureKind.Construct) as Raw[]).map(signature),
      getProperties: () => (checker.getPropertiesOfType(raw) as Raw[]).map(symbol),
      getSymbol: () => symbol(raw.getSymbol()),
      get aliasSymbol() {
        return symbol(raw.getAliasSymbol());
      },
    })) as unknown as ts.Type;
  }

  /** Signatures are only handed back to the checker: a wrapper that remembers its handle is enough. */
  signature(raw: Raw): ts.Signature {
    return this.#once(raw, () => ({})) as unknown as ts.Signature;
  }
}

/** The checker calls of tamed's analysis, on TypeScript 7's checker. */
function checkerLike(shapes: Shapes, checker: Raw, symbols: StatementSymbols): ts.TypeChecker {
  const u = (x: Raw): Raw => shapes.unwrap(x);
  const anyType = (): ts.Type => shapes.type(checker.getAnyType());
  const typeOr = (t: Raw): ts.Type => (t === undefined ? anyType() : shapes.type(t));
  const c = {
    getSymbolAtLocation: (node: Raw) => shapes.symbol(symbols.at(node)),
    getShorthandAssignmentValueSymbol: (node: Raw) => shapes.symbol(checker.getShorthandAssignmentValueSymbol(node)),
    getAliasedSymbol: (s: Raw) => shapes.symbol(checker.getAliasedSymbol(u(s))),
    getImmediateAliasedSymbol: (s: Raw) => shapes.symbol(checker.getImmediateAliasedSymbol(u(s))),
    getExportsOfModule: (s: Raw) => (checker.getExportsOfModule(u(s)) as Raw[]).map((x) => shapes.symbol(x)),
    getTypeOfSymbol: (s: Raw) => typeOr(checker.getTypeOfSymbol(u(s))),
    getDeclaredTypeOfSymbol: (s: Raw) => typeOr(checker.getDeclaredTypeOfSymbol(u(s))),
    getTypeAtLocation: (node: Raw) => typeOr(checker.getTypeAtLocation(node)),
    getTypeArguments: (t: Raw) => (checker.getTypeArguments(u(t)) as Raw[]).map((x) => shapes.type(x)),
    getBaseTypes: (t: Raw) => (checker.getBaseTypes(u(t)) as Raw[]).map((x) => shapes.type(x)),
    // 7's IndexInfo names the value's type `valueType`, 5.9's and 6's `type`.
    getIndexInfosOfType: (t: Raw) =>
      (checker.getIndexInfosOfType(u(t)) as Raw[]).map((i) => ({
        keyType: shapes.type(i.keyType),
        type: shapes.type(i.valueType),
        isReadonly: i.isReadonly,
      })),
    getSignatureFromDeclaration: (node: Raw) => {
      const s = checker.getSignatureFromDeclaration(node);
      return s === undefined ? undefined : shapes.signature(s);
    },
    getReturnTypeOfSignature: (s: Raw) => typeOr(checker.getReturnTypeOfSignature(u(s))),
    typeToString: (t: Raw, enclosing?: Raw, flags?: number) => checker.typeToString(u(t), enclosing, flags) as string,
    isArrayType: (t: Raw) => checker.isArrayType(u(t)) as boolean,
    isTupleType: (t: Raw) => checker.isTupleType(u(t)) as boolean,
    // 7.0 has no getAwaitedType (7.1 has): what an async function's Promise<T> or
    // PromiseLike<T> resolves to, unwrapped as await would, else the type itself.
    getAwaitedType: (t: Raw): ts.Type => {
      let raw = u(t);
      for (let depth = 0; depth < 10; depth++) {
        const name = raw.getSymbol()?.name;
        if ((name !== "Promise" && name !== "PromiseLike") || !raw.isTypeReference()) break;
        const args = checker.getTypeArguments(raw) as Raw[];
        if (args.length !== 1) break;
        raw = args[0];
      }
      return shapes.type(raw);
    },
  };
  return c as unknown as ts.TypeChecker;
}

/**
 * The module format tsc 7 emits a file in, by tsc's rule: CommonJS or ES modules as
 * `module` says, and for node16..nodenext and preserve, as the file's extension and its
 * package.json's "type" say (TypeScript 7 reports the latter as the file's impliedNodeFormat).
 */
function emitFormat(options: Raw, moduleKind: Raw, scriptTarget2015: number, metadata: Raw, fileName: string): number {
  const m = options.module as number | undefined;
  const implied = metadata?.impliedNodeFormat as number | undefined;
  if (m !== undefined && m >= moduleKind.Node16 && m <= moduleKind.NodeNext) return implied ?? moduleKind.CommonJS;
  if (m === moduleKind.Preserve || m === undefined || (m >= moduleKind.ES2015 && m <= moduleKind.ESNext)) {
    if (/\.c[jt]s$/.test(fileName)) return moduleKind.CommonJS;
    if (/\.m[jt]s$/.test(fileName)) return moduleKind.ESNext;
  }
  if (m !== undefined) return m;
  return (options.target ?? 99) >= scriptTarget2015 ? moduleKind.ES2015 : moduleKind.CommonJS;
}

/**
 * Opens the tsconfig project with the TypeScript 7 installed at `typescriptDir`: spawns its
 * `tsc --api` process (closed by `close`). `require(esm)` (Node ≥ 20.19) loads its ES modules
 * from this CommonJS file synchronously, which the checker calls need (they block).
 * `roots`: files the program must hold, added where the tsconfig leaves them out (typescript7-session.cts).
 */
export function openNativeProject(
  typescriptDir: string,
  configPath: string,
  cwd: string,
  roots: readonly string[] = [],
): NativeProject {
  const require = nodeModule.createRequire(path.join(typescriptDir, "package.json"));
  const sync = require("typescript/unstable/sync") as Raw;
  const ast = require("typescript/unstable/ast") as Raw;
  // Enums the public entry points do not export: read from the package's own files by path.
  const jsxEmit = (require(path.join(typescriptDir, "dist", "enums", "jsxEmit.enum.js")) as Raw).JsxEmit;
  const scriptTarget = (require(path.join(typescriptDir, "dist", "enums", "scriptTarget.enum.js")) as Raw).ScriptTarget;
  const tsi = tsLike(ast, sync, jsxEmit);
  const session = new NativeSession(sync, cwd, configPath, () => String(require("typescript/package.json").version));
  const close = (): void => session.close();
  /** A new snapshot's project (the arguments are NativeSession.open's). */
  const open = (wanted: readonly string[], changes?: Raw, retired?: Made, previous?: Made): NativeProject => {
    const { made, project, names } = session.open(wanted, changes, retired, previous);
    const raw = project.program;
    // The project's tsconfig, also where TypeScript 7 opened the one adding roots (esbuild reads it for the worker modules).
    const options = { ...raw.getCompilerOptions(), configFilePath: configPath };
    const shapes = new Shapes(project, project.checker, sync.SignatureKind);
    const kind = ast.SyntaxKind;
    const kinds = {
      identifier: kind.Identifier as number,
      sourceFile: kind.SourceFile as number,
      stringLiteral: kind.StringLiteral as number,
      importDeclaration: kind.ImportDeclaration as number,
      exportDeclaration: kind.ExportDeclaration as number,
    };
    const checker = checkerLike(shapes, project.checker, new StatementSymbols(project.checker, kinds));
    const meta = (f: string): Raw => raw.getSourceFileMetadata(f);
    const commonDir = commonSourceDirectory(options, project.rootFiles as readonly string[], cwd);
    const program = {
      getSourceFile: (f: string) => raw.getSourceFile(f),
      // Only the files the analysis may look into: fetching lib and package files' ASTs
      // over the pipe would cost seconds and tamed never walks them (isUserFile excludes them).
      getSourceFiles: () =>
        names
          .filter((f) => !meta(f)?.isDefaultLibrary && !meta(f)?.isFromExternalLibrary)
          .map((f) => raw.getSourceFile(f)),
      isSourceFileDefaultLibrary: (sf: Raw) => raw.isSourceFileDefaultLibrary(sf),
      isSourceFileFromExternalLibrary: (sf: Raw) => raw.isSourceFileFromExternalLibrary(sf),
      getCompilerOptions: () => options,
      getCurrentDirectory: () => cwd,
      getTypeChecker: () => checker,
      getCommonSourceDirectory: () => commonDir,
      getEmitModuleFormatOfFile: (sf: Raw) =>
        emitFormat(options, sync.ModuleKind, scriptTarget.ES2015, meta(sf.fileName), sf.fileName),
    } as unknown as ts.Program;
    const ctx: Context = {
      ts: tsi,
      program,
      checker,
      options: options as ts.CompilerOptions,
      cwd,
      userSources: userSources(names, meta),
    };
    // Every source may have changed, declarations too: TypeScript 7 checks them itself (it reparses only what did).
    return { ctx, reload: (w = wanted) => open(w, { invalidateAll: true }, previous, made), close };
  };
  try {
    return open(roots);
  } catch (e) {
    close();
    throw e;
  }
}
