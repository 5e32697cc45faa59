/**
 * What esbuild must build for the program's marked functions: per function, the source
 * text of its worker module's entry (module-source.cts), the other files it sees otherwise
 * than on disk, and where the module goes. Used by the tsc plugin (index.cts) and the
 * esbuild plugin alike.
 */
import * as path from "node:path";
import type * as ts from "typescript";
import type { Analysis, MarkedFunction } from "../analyze.cjs";
import type { Context } from "../context.cjs";
import { descriptorFields, ERRORS_EXPORT } from "../contract.cjs";
import { unreachable } from "../forms/index.cjs";
import { moduleFormat } from "../module-format.cjs";
import { ModuleGraph } from "../module-graph.cjs";
import { REQUIRE_PREFIX, type BundleEntry, type BundleRequest, type Loader } from "./build-protocol.cjs";
import { toolDecides } from "./side-effect-verdicts.cjs";
import { metadataEdits } from "../decorator-metadata.cjs";
import { locationEdits } from "./locations.cjs";
import { editedSource, entrySource, viewSource, type Edit } from "./module-source.cjs";

/** How esbuild loads a source file, by its extension. */
export function loaderOf(file: string): Loader {
  if (/\.tsx$/.test(file)) return "tsx";
  if (/\.jsx$/.test(file)) return "jsx";
  if (/\.[cm]?js$/.test(file)) return "js";
  if (/\.json$/.test(file)) return "json";
  return "ts";
}

/**
 * The marker calls of a file's marked functions get their descriptor in the worker too
 * (`makeAsync(fn, { v, name, ... })`): there a marked function that another calls runs
 * inline, and without it the task would be named "anonymous". Not the entry's own call
 * when that is not kept as a marker call (`skip`).
 */
function nameEdits(analysis: Analysis, sf: ts.SourceFile, skip: ts.Node | undefined): Edit[] {
  const edits: Edit[] = [];
  for (const m of analysis.functions) {
    if (m.sourceFile !== sf || m.form.site === skip) continue;
    const form = m.form;
    switch (form.kind) {
      case "call": {
        const at = form.site.arguments[form.site.arguments.length - 1]!.getEnd();
        const fields = descriptorFields(m).map(([k, v]) => `${k}: ${JSON.stringify(v)}`);
        edits.push({ start: at, end: at, text: `, { ${fields.join(", ")}, base: import.meta.url }` });
        break;
      }
      // Left as written in the worker's text: a literal and a declaration have no marker
      // call there, and a method's decorator makes its inline stub without a descriptor.
      case "literal":
      case "declaration":
      case "method":
        break;
      default:
        unreachable(form);
    }
  }
  return edits;
}

/**
 * `export const __tamed_errors = () => [...]`, appended to the entry: the classes of the
 * descriptor's `errors`, in its order, as the worker module has them, so that the runtime
 * names a thrown one by its index (a minifier may name the two copies differently). A
 * class of another file is imported from it, under a name of ours, only where the worker
 * loads that file with the class exported (so the import runs nothing new); otherwise its
 * place holds `undefined` and such an error goes by its name.
 */
function errorsExport(ctx: Context, m: MarkedFunction): string {
  if (m.errorClasses.length + m.errorImports.length === 0) return "";
  const { ts } = ctx;
  const imports: string[] = [];
  const names = [...m.errorClasses];
  m.errorImports.forEach((e, i) => {
    const exported =
      m.carry.whole.has(e.file) ||
      (m.carry.kept.get(e.file)?.has(e.declaration) === true &&
        e.declaration.name?.text === e.exported &&
        (ts.getModifiers(e.declaration) ?? []).some((x) => x.kind === ts.SyntaxKind.ExportKeyword));
    if (!exported) {
      names.push("undefined");
      return;
    }
    let specifier = path.relative(path.dirname(m.sourceFile.fileName), e.file.fileName).replaceAll("\\", "/");
    if (!specifier.startsWith("../")) specifier = `./${specifier}`;
    const local = `__tamed_error_${i + 1}`;
    const name = /^[A-Za-z_$][\w$]*$/.test(e.exported) ? e.exported : JSON.stringify(e.exported);
    imports.push(`import { ${name} as ${local} } from ${JSON.stringify(specifier)};\n`);
    names.push(local);
  });
  return `\n${imports.join("")}export const ${ERRORS_EXPORT} = () => [${names.join(", ")}];\n`;
}

/**
 * The imports of packages the main thread's entries import for their effect
 * (side-effect-packages.cts) that it runs before the function's file, or after it: a module's
 * imports run in the order they are written, before its code. Before the function's file, they
 * are written before its first character, on its first line (so that no line of it moves). One
 * that tsc's CommonJS output requires is written with REQUIRE_PREFIX, which the build bundles as a
 * require() (module-build.cts) that runs where it is; a package imported after the function's
 * file, as an `import()` awaited there (a static import of a package the bundle leaves a package
 * would run before all of the bundle's code).
 */
function packageImports(m: MarkedFunction, after: boolean): string {
  return m.firstImports
    .filter((p) => p.after === after)
    .map((p) =>
      p.require
        ? `import ${JSON.stringify(REQUIRE_PREFIX + p.specifier)}; `
        : // A static import of a package (not bundled) runs before all of the bundle's code: after it, an import().
          after
          ? `await import(${JSON.stringify(p.specifier)}); `
          : `import ${JSON.stringify(p.specifier)}; `,
    )
    .join("");
}

/** Whether the worker module's entry must be a module of its own around the function's file (wrapperSource). */
function wraps(m: MarkedFunction): boolean {
  return m.cycleEntry !== undefined || m.firstImports.some((p) => p.after);
}

/**
 * The entry of a worker module that must load the function's file in between other imports:
 * the file through which the main thread enters the function's import cycle (load-order.cts),
 * or packages the main thread imports after the function's file. It imports, in the main
 * thread's order, the packages run before, that file (which loads the function's file as on
 * the main thread) or the function's file, the packages run after; and exports what the
 * function's file exports (its default export, the function; `workerRequest` puts its text in
 * the entry's `files`).
 */
function wrapperSource(m: MarkedFunction): string {
  const specifier = (sf: ts.SourceFile): string => {
    const rel = path.relative(path.dirname(m.sourceFile.fileName), sf.fileName).replaceAll("\\", "/");
    return JSON.stringify(rel.startsWith("../") ? rel : `./${rel}`);
  };
  const own = specifier(m.sourceFile);
  const enter = m.cycleEntry === undefined ? "" : `import ${specifier(m.cycleEntry)};\n`;
  return (
    `${packageImports(m, false)}\n${enter}export * from ${own};\nexport { default } from ${own};\n` +
    `${packageImports(m, true)}\n`
  );
}

/** The sources a worker module loads: files with markers sliced to what it carries, the others whole. */
function loadedFiles(m: MarkedFunction): ts.SourceFile[] {
  return [...new Set([m.sourceFile, ...m.carry.kept.keys(), ...m.carry.whole])];
}

/**
 * What esbuild must build for the program's marked functions, into `outdir`.
 * `mainFile` says where the main thread runs each source file from (tsc's emitted
 * JavaScript, or the bundle), so that location expressions can name it.
 */
export function workerRequest(
  ctx: Context,
  analysis: Analysis,
  outdir: string,
  mainFile: (sf: ts.SourceFile) => string,
  mainThread: BundleRequest["mainThread"],
): BundleRequest {
  const all = new Set<ts.SourceFile>();
  const graph = new ModuleGraph(ctx);
  const assets = mainThread.kind === "bundle" ? mainThread.assets : undefined;
  // Per file, once: the decorator metadata the main thread's JavaScript records.
  const metadata = new Map<ts.SourceFile, Edit[]>();
  const metadataOf = (sf: ts.SourceFile): Edit[] => {
    if (mainThread.kind !== "node" || !mainThread.decoratorMetadata) return [];
    let edits = metadata.get(sf);
    if (edits === undefined) metadata.set(sf, (edits = metadataEdits(ctx, sf)));
    return edits;
  };
  const entries: BundleEntry[] = analysis.functions.map((m, i) => {
    const loaded = loadedFiles(m);
    const cycle = loaded.some(
      (sf) => sf !== m.sourceFile && graph.specifiers(sf).some((l) => graph.targetOfSpecifier(l) === m.sourceFile),
    );
    const workerDir = path.dirname(path.join(outdir, `${m.module.out}.mjs`));
    const files: Record<string, { contents: string; loader: Loader }> = {};
    let helpers = false;
    let contents = "";
    for (const sf of loaded) {
      all.add(sf);
      // The function's own call keeps its marker only as `const f = marker(fn)` kept whole.
      const skip = m.entry.kind === "named" && m.entry.unwrap === undefined ? undefined : m.form.site;
      const located = locationEdits(ctx, sf, {
        fromWorker: path.relative(workerDir, mainFile(sf)).replaceAll("\\", "/"),
        asset: (file) => {
          const emitted = assets?.[file];
          return emitted === undefined ? undefined : path.relative(workerDir, emitted).replaceAll("\\", "/");
        },
        computed: mainThread.kind === "node",
      });
      if (located.length > 0 || moduleFormat(ctx, sf) === "cjs" || m.firstImports.some((p) => p.require))
        helpers = true;
      const edits = [...located, ...nameEdits(analysis, sf, skip), ...metadataOf(sf)];
      if (sf === m.sourceFile) {
        const own = entrySource(ctx, sf, m.carry, m.entry, edits, cycle) + errorsExport(ctx, m);
        if (!wraps(m)) contents = packageImports(m, false) + own;
        else {
          files[path.resolve(sf.fileName)] = { contents: own, loader: loaderOf(sf.fileName) };
          contents = wrapperSource(m);
        }
      } else if (m.carry.kept.has(sf))
        files[path.resolve(sf.fileName)] = {
          contents: viewSource(ctx, sf, m.carry, edits),
          loader: loaderOf(sf.fileName),
        };
      else if (edits.length > 0)
        files[path.resolve(sf.fileName)] = { contents: editedSource(sf, edits), loader: loaderOf(sf.fileName) };
    }
    // Alone, too, when its entry re-exports the function's file: that file's text is in `files`.
    const shareable = !cycle && !wraps(m) && !loaded.some((sf) => sf !== m.sourceFile && m.carry.kept.has(sf));
    return {
      id: String(i),
      file: path.resolve(m.sourceFile.fileName),
      contents,
      loader: loaderOf(m.sourceFile.fileName),
      out: m.module.out,
      files,
      helpers,
      shareable,
      ...(wraps(m) ? { wraps: true as const } : {}),
    };
  });
  const configFile = ctx.options["configFilePath"];
  return {
    outdir,
    absWorkingDir: ctx.cwd,
    tsconfig: typeof configFile === "string" ? configFile : undefined,
    entries,
    resolutions: graph.resolutions(all, new Set(analysis.functions.map((m) => m.sourceFile)), toolDecides(mainThread)),
    mainThread,
  };
}
