/**
 * The TypeScript program a bundler plugin analyses on TypeScript 5.9 or 6, in this process
 * (bundler.cts; on TypeScript 7 the program is typescript7.cts's): its compiler host, which
 * reads the texts the build has already read, and which files it holds, chosen from their
 * text before any is parsed.
 */
import * as path from "node:path";
import type * as ts from "typescript";
import { analyze, type Analysis, type Layout } from "./analyze.cjs";
import { createContext, type Context } from "./context.cjs";
import { namesPattern } from "./global-writes.cjs";

/**
 * Text that may write one of these variables: assigns it or through it (`x =`, `x.a =`,
 * `x[i] +=`, `x++`, `delete x.a`), calls a mutator on it (`x.set(`), gives it to
 * Object.assign and the like, or passes it whole to a function (which may write its
 * parameter), or imports it under another name. A file without any of these cannot
 * change it, and need not be parsed.
 */
function mayWrite(names: readonly string[]): RegExp {
  const n = `(?:${names.map((x) => x.replace(/[$]/g, "\\$")).join("|")})`;
  const path_ = String.raw`(?:\s*(?:\.\s*[\w$]+|\[[^\]\n]*\]))*`;
  return new RegExp(
    [
      String.raw`\b${n}\b${path_}\s*(?:[-+*/%&|^]|\*\*|<<|>>>?|&&|\|\||\?\?)?=(?![=>])`,
      String.raw`\b${n}\b${path_}\s*(?:\+\+|--)`,
      String.raw`(?:\+\+|--|\bdelete)\s*${n}\b`,
      String.raw`\b${n}\b${path_}\s*\.\s*(?:set|add|delete|clear|push|pop|shift|unshift|splice|sort|reverse|fill|copyWithin|set[A-Z]\w*)\s*\(`,
      String.raw`[(,]\s*${n}\s*[,)]`,
      // imported under another name: what it writes through is not found by name
      String.raw`\b${n}\s+as\b`,
    ].join("|"),
  );
}

/**
 * The compiler host of the analysis: tsc's, but parsing JSDoc as tsc does (only where
 * types need it: markers are read from the comment text, see markers.cts), so the trees
 * are the ones the tsc plugin sees; with the sources' texts this build has already read
 * (path → text), and the folders' existence asked of the disk once.
 */
function analysisHost(
  tsi: typeof ts,
  options: ts.CompilerOptions,
  texts: ReadonlyMap<string, string>,
): ts.CompilerHost {
  const host = tsi.createCompilerHost(options);
  host.jsDocParsingMode = tsi.JSDocParsingMode.ParseForTypeErrors;
  const { readFile, fileExists, directoryExists } = host;
  // A text that starts with a byte order mark (or bytes UTF-8 cannot read, UTF-16's) is read as tsc reads it.
  const known = (file: string): string | undefined => {
    const text = texts.get(path.resolve(file));
    return text === undefined || /^[\uFEFF\uFFFD]/.test(text) ? undefined : text;
  };
  host.readFile = (file) => known(file) ?? readFile.call(host, file);
  host.fileExists = (file) => texts.has(path.resolve(file)) || fileExists.call(host, file);
  if (directoryExists !== undefined) {
    const dirs = new Map<string, boolean>();
    host.directoryExists = (dir) => {
      let exists = dirs.get(dir);
      if (exists === undefined) dirs.set(dir, (exists = directoryExists.call(host, dir)));
      return exists;
    };
  }
  return host;
}

/**
 * The program the analysis needs: the files that may hold markers and what they import;
 * then, if worker code reads variables that other files name, those files too (one of
 * them may change such a variable after load, see later-writes.cts), and the files that name
 * a global worker code reads (global-writes.cts). Not the whole
 * project: parsing and binding every file would cost more than a bundler's whole build.
 */
export function analyzeProject(
  tsi: typeof ts,
  configPath: string,
  cwd: string,
  texts: ReadonlyMap<string, string>,
  roots: ReadonlySet<string>,
  layoutFor: (options: ts.CompilerOptions) => Layout,
): { ctx: Context; analysis: Analysis } {
  const read = tsi.readConfigFile(configPath, tsi.sys.readFile);
  if (read.error !== undefined) throw new Error(tsi.flattenDiagnosticMessageText(read.error.messageText, "\n"));
  // Only the options are used: the program's roots are `roots`, so the include patterns' files are not listed.
  const parsed = tsi.parseJsonConfigFileContent(
    read.config,
    { ...tsi.sys, readDirectory: () => [] },
    path.dirname(configPath),
    undefined,
    configPath,
  );
  const layout = layoutFor(parsed.options);
  const host = analysisHost(tsi, parsed.options, texts);
  let program = tsi.createProgram({ rootNames: [...roots], options: parsed.options, host });
  let ctx: Context = { ...createContext(tsi, program), cwd };
  let analysis = analyze(ctx, layout);
  if (analysis.readNames.size > 0 || analysis.globalReads.size > 0) {
    const variables = analysis.readNames.size > 0 ? mayWrite([...analysis.readNames]) : undefined;
    // A global is written by files nothing imports (a plugin only the entry loads): any file that names it.
    const globals = analysis.globalReads.size > 0 ? namesPattern([...analysis.globalReads]) : undefined;
    const writes = { test: (text: string): boolean => variables?.test(text) === true || globals?.test(text) === true };
    const inProgram = new Set(program.getSourceFiles().map((sf) => path.resolve(sf.fileName)));
    // Import and export lists name a variable without writing it (`import { a, b }` is no call).
    const withoutLists = (text: string): string =>
      text.replace(/\b(?:import|export)\b[^;{]*\{[^}]*\}/g, (m) => (/\bas\s/.test(m) ? m : ""));
    const more = [...texts]
      .filter(([file, text]) => !inProgram.has(file) && writes.test(withoutLists(text)))
      .map(([file]) => file);
    if (more.length > 0) {
      program = tsi.createProgram({
        rootNames: [...roots, ...more],
        options: parsed.options,
        host,
        oldProgram: program,
      });
      ctx = { ...createContext(tsi, program), cwd };
      analysis = analyze(ctx, layout);
    }
  }
  return { ctx, analysis };
}
