/**
 * Every diagnostic the transformer reports, in one table: code, message and fix.
 * Messages follow tsc's style and always end with what to do.
 */
import * as path from "node:path";
import type * as ts from "typescript";
import type { Unloaded } from "./import-advice.cjs";

interface Entry<A> {
  readonly code: number;
  readonly message: (args: A) => string;
}

function entry<A>(code: number, message: (args: A) => string): Entry<A> {
  return { code, message };
}

export const DIAGNOSTICS = {
  capturedLocal: entry<{ fn: string; name: string; where: string; marker: string }>(
    77001,
    (a) =>
      `${a.fn} uses '${a.name}', a local variable of the enclosing scope (declared at ${a.where}); ` +
      `a worker thread cannot see it. ` +
      (a.marker === "map"
        ? `map() passes each item alone: put '${a.name}' into the items, or submit() the function with it as an argument.`
        : a.marker === "spawn" || a.marker === "submit" || a.marker === "runAsync"
          ? `Pass it as an argument instead: add a parameter '${a.name}' to the function and give the value to ${a.marker}() after it.`
          : `Pass it as an argument instead: add a parameter '${a.name}' to the function given to ${a.marker}() and pass the value when you call ${a.fn}.`),
  ),
  laterWrite: entry<{
    fn: string;
    name: string;
    readAt: string;
    writer: string;
    byMarked: boolean;
    /** The marked function's file, for a global (globals.cts); undefined for a module-level variable. */
    globalIn?: string | undefined;
    /** For a top-level statement of a file no worker loads: that file, the function's, and the import that would load it (if one would). */
    unloaded?: Unloaded | undefined;
  }>(77002, (a) =>
    a.unloaded !== undefined
      ? `${a.fn} reads '${a.name}' on a worker (at ${a.readAt}), but this statement changes it as ${a.unloaded.file} loads, ` +
        `and no code a worker runs imports that file: a worker has its own copy of the module, where nothing changes it. ` +
        `${loadAdvice(a.unloaded)}, or pass the value to ${a.fn} as an argument.`
      : a.globalIn === undefined
        ? `${a.fn} reads '${a.name}' on a worker (at ${a.readAt}), but ${a.writer} changes it here, after the module has loaded, ` +
          (a.byMarked ? `on whichever worker takes that call` : `and only the main thread runs that`) +
          `: a worker has its own copy of the module and would not see the change. ` +
          `Pass the value to ${a.fn} as an argument, or set '${a.name}' while the module loads.`
        : `${a.fn} reads the global '${a.name}' on a worker (at ${a.readAt}), but ${a.writer} changes it here, after load, ` +
          (a.byMarked ? `on whichever worker takes that call` : `and only the main thread runs that`) +
          `: a worker has its own global object and would not see the change. ` +
          `Pass the value to ${a.fn} as an argument, or set '${a.name}' at load, in ${a.globalIn} or a file it imports.`,
  ),
  globalNotLoaded: entry<{ fn: string; name: string; readAt: string; unloaded: Unloaded }>(
    77013,
    (a) =>
      `${a.fn} reads the global '${a.name}' on a worker (at ${a.readAt}), but this statement sets it as ` +
      `${a.unloaded.file} loads, and no code a worker runs imports that file: a worker has its own global object, ` +
      `where nothing sets '${a.name}'. ${loadAdvice(a.unloaded)}, or pass the value to ${a.fn} as an argument.`,
  ),
  packageNotLoaded: entry<{ fn: string; pkg: string; unloaded: Unloaded; through: string | undefined }>(
    77014,
    (a) =>
      `${a.fn} uses '${a.pkg}' on a worker, but this statement configures it as ${a.unloaded.file} loads` +
      `${a.through === undefined ? "" : ` (at ${a.through}, in a function it calls)`}, and no ` +
      `code a worker runs imports that file: a worker loads its own copy of '${a.pkg}', which nothing configures ` +
      `there. ${
        a.through === undefined || a.unloaded.specifier !== undefined
          ? loadAdvice(a.unloaded)
          : `Do what ${a.through} does at the top level of a file that ${a.unloaded.fnFile} imports, so that workers do it too`
      }, or pass what it sets to ${a.fn} as an argument.`,
  ),
  packageSetupInFunction: entry<{ fn: string; pkg: string; through: string }>(
    77017,
    (a) =>
      `${a.fn} uses '${a.pkg}' on a worker, but this statement configures it in a function it calls (at ${a.through}), ` +
      `which a worker does not run: a worker module keeps a file's top-level statements that configure a package, not ` +
      `the calls of functions that do (such a function may also start the app), so a worker's copy of '${a.pkg}' is ` +
      `not configured. Do what ${a.through} does at the top level of this file, or pass what it sets to ${a.fn} as an argument.`,
  ),
  builtinNotLoaded: entry<{ fn: string; what: string; named: string | undefined; unloaded: Unloaded }>(
    77015,
    (a) =>
      `${a.fn} may use the built-in '${a.what}' on a worker (${a.named === undefined ? "any code may" : `its code names '${a.named}'`}), ` +
      `but this statement patches it as ${a.unloaded.file} loads, and no code a worker runs imports that file: ` +
      `a worker has its own built-ins, which nothing patches there. ${loadAdvice(a.unloaded)}, or make ${a.fn} do without the patch.`,
  ),
  envChangedAfterLoad: entry<{ fn: string; file: string; readAt: string }>(
    77016,
    (a) =>
      `${a.fn} reads process.env as ${a.file} loads (at ${a.readAt}), but this changes the environment after ` +
      `${a.file} has loaded on the main thread (a module's imports load before its own code runs): the main thread ` +
      `read the value from before the change, and a worker, which loads ${a.file} at its first call, reads the new one. ` +
      `Set the environment before any import runs: \`node --env-file=.env\`, or put the change in a module the entry ` +
      `imports first (\`import "dotenv/config"\` as its first import).`,
  ),
  notAFunctionLiteral: entry<{ marker: string; got: string }>(
    77003,
    (a) =>
      `${a.marker}() needs a function literal (an arrow function or a function expression) to move to a worker ` +
      `thread, but got ${a.got}. Write the function inline: ${a.marker}((x: number) => compute(x)), where compute is ` +
      `imported or declared at module level.`,
  ),
  boundaryKeyword: entry<{ fn: string; keyword: string; marker: string; arrow: boolean }>(77006, (a) =>
    a.keyword === "this"
      ? `${a.fn} uses 'this', ${a.arrow ? "which an arrow function takes from the scope around it" : "the object it would be called on"}; ` +
        `no object crosses to the worker thread with the call. Pass what you need from it as an argument.`
      : `${a.fn} uses '${a.keyword}' of the function around it; a worker thread cannot see it. ` +
        `Pass what you need as an argument${a.keyword === "arguments" ? " (or use a rest parameter: (...args) => ...)" : ""}.`,
  ),
  uncloneableType: entry<{ fn: string; what: string; type: string; why: string }>(
    77007,
    (a) =>
      `${a.fn}'s ${a.what} has type '${a.type}', which cannot be copied to or from a worker thread: it is ${a.why}. ` +
      `Pass plain data instead (primitives, plain objects and arrays, Map, Set, Date, typed arrays, Error), ` +
      `and rebuild richer objects on the other side.`,
  ),
  notAsync: entry<{ fn: string; marker: string; declare: string; wrapper: string }>(
    77008,
    (a) =>
      `'${a.fn}' is marked @${a.marker} but is not async: a call will return a task (a Promise), ` +
      `so its declared return type would lie. Declare it '${a.declare}', or use the wrapper form: ` +
      `export const ${a.wrapper} = ${a.marker}((...) => ...), whose type says it returns an AsyncTask.`,
  ),
  decoratorPlacement: entry<{ marker: string; what: string }>(
    77009,
    (a) =>
      `@${a.marker} goes on a static async method of a class declared at module level, but this is ${a.what}. ` +
      `Make it 'static async', move the class to the top level of its module, or use the wrapper form: ` +
      `export const f = ${a.marker}((...) => ...).`,
  ),
  setupStartsWork: entry<{ fn: string; what: string; dispatchAt: string; starts: string; start: string }>(
    77010,
    (a) =>
      `This statement runs when its module loads and sets up '${a.what}', which ${a.fn} uses on a worker, but it also ` +
      `${a.starts} (at ${a.dispatchAt}), so a worker cannot run it to get the same setup. Move what sets up ` +
      `'${a.what}' into a top-level statement of its own, and ${a.start} from another statement.`,
  ),
  unsupportedModuleKind: entry<{ kind: string }>(
    77004,
    (a) =>
      `tamed emits worker modules for ES modules and CommonJS only, but this file is emitted as ${a.kind}. ` +
      `Set "module" to "nodenext", "node16", "esnext" or "commonjs" in tsconfig.json.`,
  ),
  bundleFailed: entry<{ fn: string; message: string }>(
    77005,
    (a) =>
      `esbuild could not bundle the worker module of ${a.fn}: ${a.message}. Fix the import it names, ` +
      `or move the code the worker needs into a module it can import.`,
  ),
  unmarkedFunction: entry<{ taker: string; fn: string; short: string }>(
    77011,
    (a) =>
      `${a.taker}() is given '${a.fn}', which is not marked to run on a worker thread: it would run on this one ` +
      `(the runtime refuses it). Mark it where it is declared, with the wrapper form: const ${a.short} = makeAsync((...) => ...) ` +
      `(tamed(async (...) => ...) for async work), /** @makeAsync */ on an async function declaration, or @makeAsync on a ` +
      `static async method; or write a function literal in the call: ${a.taker}((x) => ${a.fn}(x), ...).`,
  ),
  outsideProject: entry<{ file: string; folders: string; config: string }>(
    77012,
    (a) =>
      `${a.file} may hold marked functions, but it is outside the folders tamed/esbuild reads for them ` +
      `(${a.folders}): the bundle would hold it without their stubs, and each would throw NotCompiledError when ` +
      `called (esbuild plugins choose the files they load before the build starts). ` +
      `Add it to "include" in ${a.config}.`,
  ),
} as const;

export type DiagnosticName = keyof typeof DIAGNOSTICS;
type ArgsOf<N extends DiagnosticName> = (typeof DIAGNOSTICS)[N] extends Entry<infer A> ? A : never;

export interface Related {
  readonly node: ts.Node;
  readonly message: string;
}

/** Where a finding points: a span of a source file. */
export interface Span {
  readonly file: ts.SourceFile;
  readonly start: number;
  readonly length: number;
}

/** A diagnostic before it becomes a ts.Diagnostic: a table entry, its arguments, and where it points. */
/** The fix for setup in a file no worker loads: import that file, or (when it imports the function's file back) move the statement. */
function loadAdvice(u: Unloaded): string {
  return u.specifier !== undefined
    ? `Import it in ${u.fnFile} (import "${u.specifier}";) so that workers load it too`
    : `Move this statement into a file that ${u.fnFile} imports, so that workers run it too`;
}

export interface Finding {
  readonly name: DiagnosticName;
  readonly code: number;
  readonly message: string;
  readonly at: Span | undefined;
  readonly related: readonly Related[];
}

export function spanOf(node: ts.Node): Span {
  const start = node.getStart();
  return { file: node.getSourceFile(), start, length: node.getEnd() - start };
}

export function finding<N extends DiagnosticName>(
  name: N,
  at: ts.Node | Span | undefined,
  args: ArgsOf<N>,
  related: readonly Related[] = [],
): Finding {
  const e = DIAGNOSTICS[name] as Entry<ArgsOf<N>>;
  const span = at === undefined ? undefined : "kind" in at ? spanOf(at) : at;
  return { name, code: e.code, message: e.message(args), at: span, related };
}

/** The same finding in tsc's own form, so tsc prints `file(line,col): error TS77001: ...` and exits non-zero. */
export function toDiagnostic(tsi: typeof ts, f: Finding): ts.Diagnostic {
  const d: ts.Diagnostic = {
    category: tsi.DiagnosticCategory.Error,
    code: f.code,
    messageText: f.message,
    file: f.at?.file,
    start: f.at?.start,
    length: f.at?.length,
    source: "tamed",
  };
  if (f.related.length > 0) {
    d.relatedInformation = f.related.map((r) => ({
      category: tsi.DiagnosticCategory.Message,
      code: f.code,
      messageText: r.message,
      ...spanOf(r.node),
    }));
  }
  return d;
}

/**
 * `src/a.ts:3:7 - error TS77001: message`, as tsc --pretty prints it without colours (the file
 * relative to `cwd`): what the stub of a refused function quotes (docs/contract.md).
 */
export function refusalLine(f: Finding, cwd: string): string {
  if (f.at === undefined) return `error TS${f.code}: ${f.message}`;
  const { line, character } = f.at.file.getLineAndCharacterOfPosition(f.at.start);
  const file = path.relative(cwd, f.at.file.fileName).replaceAll("\\", "/");
  return `${file}:${line + 1}:${character + 1} - error TS${f.code}: ${f.message}`;
}

/** `src/a.ts:3:7`, relative to the project's directory, for messages that point elsewhere. */
export function where(node: ts.Node, cwd: string, relative: (from: string, to: string) => string): string {
  const sf = node.getSourceFile();
  const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart());
  return `${relative(cwd, sf.fileName).replaceAll("\\", "/")}:${line + 1}:${character + 1}`;
}
