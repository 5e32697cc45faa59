/**
 * `npx tamed build` on TypeScript 7.0, which has no transformer API and no emit in its
 * API (docs/research/ts7-api.md §6):
 *   - TypeScript 7's own `tsc` type-checks the project and writes its declarations
 *     (`--emitDeclarationOnly`, or `--noEmit` when the project emits none); its output
 *     and exit code are passed on as they are;
 *   - meanwhile tamed's analysis runs through TypeScript 7's checker (typescript7.cts),
 *     with the tspc path's diagnostics, printed as tsc prints its own;
 *   - each source file's JavaScript is esbuild's transform of its text with the stubs
 *     edited in (stub-text.cts, as tamed/esbuild does), written where tsc would write it;
 *   - the worker modules are built as the tspc path builds them (emit/index.cts).
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as nodeModule from "node:module";
import * as path from "node:path";
import type * as ts from "typescript";
import { analyze, userTexts, type Analysis } from "./analyze.cjs";
import { inTscOrder, tscText } from "./bundler.cjs";
import type { Context } from "./context.cjs";
import { finding, type Finding } from "./diagnostics.cjs";
import { emitWorkerModules } from "./emit/index.cjs";
import { loaderOf } from "./emit/module-request.cjs";
import { emittedFile } from "./emit/paths.cjs";
import { relativeSpecifier } from "./emit/stub-ast.cjs";
import { stubEdits, type ImportPath } from "./emit/stub-text.cjs";
import { moduleFormat, type Format } from "./module-format.cjs";
import { findTsconfig } from "./project-files.cjs";
import { UnsupportedTypeScriptError } from "./errors.cjs";
import { esbuildRefusal } from "./esbuild-version.cjs";
import { checkTypeScript, installedTypeScript, type TypeScriptPath } from "./typescript-version.cjs";
import { openNativeProject } from "./typescript7.cjs";

export interface BuildOutput {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Given the project's compiler options once they are read (native-watch.cts leaves what the build writes alone). */
  readonly options?: (options: ts.CompilerOptions) => void;
}

/** TypeScript 7's tsc on the project, in the background: its output, and its exit code. */
function runTsc(
  typescriptDir: string,
  configPath: string,
  cwd: string,
  options: ts.CompilerOptions,
): Promise<{ status: number; output: string }> {
  const emitsDeclarations = options.noEmit !== true && (options.declaration === true || options.composite === true);
  const args = [
    path.join(typescriptDir, "bin", "tsc"),
    "-p",
    configPath,
    emitsDeclarations ? "--emitDeclarationOnly" : "--noEmit",
  ];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", (e) =>
      resolve({ status: 1, output: `${output}tamed: could not run ${args[0]}: ${e.message}\n` }),
    );
    child.on("close", (code) => resolve({ status: code ?? 1, output }));
  });
}

type Esbuild = typeof import("esbuild");

/** esbuild's tsconfig options for a file, from TypeScript 7's numeric options (its enums' names, in tsconfig spelling). */
function transformOptions(
  ctx: Context,
  target: Record<number, string>,
  jsx: Record<number, string>,
): Record<string, unknown> {
  const o = ctx.options as Record<string, unknown>;
  const jsxName = typeof o.jsx === "number" ? jsx[o.jsx] : undefined;
  const jsxOption =
    jsxName === undefined || jsxName === "None"
      ? undefined
      : jsxName
          .replace(/^React(?=.)/, "react-")
          .replace(/JSXDev$/i, "jsxdev")
          .toLowerCase();
  const pick = [
    "experimentalDecorators",
    "useDefineForClassFields",
    "verbatimModuleSyntax",
    "preserveValueImports",
    "jsxFactory",
    "jsxFragmentFactory",
    "jsxImportSource",
    "importsNotUsedAsValues",
  ];
  const compilerOptions: Record<string, unknown> = Object.fromEntries(
    pick.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]),
  );
  if (jsxOption !== undefined) compilerOptions.jsx = jsxOption;
  // ESNext's number is also Latest's, whose name the enum's reverse map keeps.
  const t =
    typeof o.target !== "number"
      ? undefined
      : o.target === (target as unknown as Record<string, number>).ESNext
        ? "esnext"
        : target[o.target]?.toLowerCase();
  if (t !== undefined) compilerOptions.target = t;
  // tsc keeps import attributes (`with { type: "json" }`) at every target; esbuild would drop them below es2025.
  // Node is the platform: CommonJS output then lists its export names the way Node reads
  // them (`0 && (module.exports = { ... })`), so an ES module can import them by name,
  // as it can from tsc's `exports.name = ...`.
  return {
    tsconfigRaw: { compilerOptions },
    platform: "node",
    supported: { "import-attributes": true },
    ...(t === undefined ? {} : { target: t }),
  };
}

/**
 * Writes each user source file's JavaScript where tsc would, from its text with the stubs
 * edited in. By file name: TypeScript 7 would send each file's AST over its pipe, and the
 * JavaScript needs only the text (userTexts).
 */
async function emitJavaScript(
  esbuild: Esbuild,
  ctx: Context,
  edited: ReadonlyMap<string, string>,
  formats: ReadonlyMap<string, Format>,
  enums: { target: Record<number, string>; jsx: Record<number, string> },
): Promise<void> {
  const base = transformOptions(ctx, enums.target, enums.jsx);
  const sourcemap =
    ctx.options.sourceMap === true ? "external" : ctx.options.inlineSourceMap === true ? "inline" : false;
  await Promise.all(
    [...userTexts(ctx)].map(async ([fileName, text]) => {
      const out = emittedFile(ctx, { fileName });
      if (path.resolve(out) === path.resolve(fileName)) return;
      // JSON modules are copied as tsc copies them (resolveJsonModule).
      if (fileName.endsWith(".json")) {
        fs.mkdirSync(path.dirname(out), { recursive: true });
        fs.writeFileSync(out, text);
        return;
      }
      const format = formats.get(fileName);
      if (format === undefined) return;
      const result = await esbuild.transform(edited.get(path.resolve(fileName)) ?? text, {
        ...base,
        loader: loaderOf(fileName),
        format,
        sourcemap,
        sourcefile: path.relative(path.dirname(out), fileName).replaceAll("\\", "/"),
      });
      fs.mkdirSync(path.dirname(out), { recursive: true });
      if (sourcemap === "external") {
        fs.writeFileSync(`${out}.map`, result.map);
        fs.writeFileSync(out, `${result.code}//# sourceMappingURL=${path.basename(out)}.map\n`);
      } else fs.writeFileSync(out, result.code);
    }),
  );
}

/** Each output file imports the other's output, as tsc's own stubs do (stub-ast.cts). */
function emittedImports(ctx: Context): ImportPath {
  return (from, to) => relativeSpecifier(path.dirname(emittedFile(ctx, from)), emittedFile(ctx, to));
}

/** The module format of each user file tsc emits, or a finding where tamed cannot place a stub in it. */
function formatsOf(ctx: Context, analysis: Analysis): { formats: Map<string, Format>; findings: Finding[] } {
  const formats = new Map<string, Format>();
  for (const fileName of userTexts(ctx).keys()) {
    const f = moduleFormat(ctx, { fileName, impliedNodeFormat: undefined });
    if (typeof f === "string") formats.set(fileName, f);
  }
  // As the tspc path reports it: on each marked function of a file in a format tamed cannot stub.
  const findings: Finding[] = [];
  for (const m of analysis.functions) {
    const f = moduleFormat(ctx, m.sourceFile);
    if (typeof f !== "string") findings.push(finding("unsupportedModuleKind", m.form.site, { kind: f.unsupported }));
  }
  return { formats, findings };
}

/** `-p` names a tsconfig file or, as for tsc, a folder holding a tsconfig.json. */
function projectFile(p: string): string {
  return fs.existsSync(p) && fs.statSync(p).isDirectory() ? path.join(p, "tsconfig.json") : p;
}

/**
 * Builds the project of `project` (a tsconfig.json or its folder, default: the one found from `cwd`
 * upwards) with TypeScript 7. Returns the exit code: tsc's when it reports errors, 1
 * when tamed does, 0 otherwise.
 */
export async function buildWithTypeScript7(cwd: string, project: string | undefined, io: BuildOutput): Promise<number> {
  const configPath = project === undefined ? findTsconfig(cwd) : projectFile(path.resolve(cwd, project));
  if (configPath === undefined || !fs.existsSync(configPath)) {
    io.err(
      `tamed build: no tsconfig.json ${project === undefined ? `found from ${cwd}` : `at ${configPath}`}; pass one with -p path/to/tsconfig.json`,
    );
    return 1;
  }
  const projectDir = path.dirname(configPath);
  const installed = installedTypeScript(projectDir);
  if (installed === undefined) {
    io.err(`tamed build: TypeScript is not installed in ${projectDir}: \`npm install -D typescript@~7.0.2\``);
    return 1;
  }
  let kind: TypeScriptPath;
  try {
    kind = checkTypeScript(installed.version, installed.dir, "tamed build");
  } catch (e) {
    if (!(e instanceof UnsupportedTypeScriptError)) throw e;
    io.err(e.message);
    return 1;
  }
  if (kind === "classic") {
    io.err(
      `tamed build: found TypeScript ${installed.version} (${installed.dir}); tamed build is for TypeScript 7.0. With TypeScript 5.9 or 6, build with tspc (the tamed/transformer plugin: see \`npx tamed setup\`).`,
    );
    return 1;
  }
  const native = openNativeProject(installed.dir, configPath, projectDir);
  try {
    const { ctx } = native;
    io.options?.(ctx.options);
    const tsc = runTsc(installed.dir, configPath, projectDir, ctx.options);
    const analysis = analyze(ctx);
    const { formats, findings: formatFindings } = formatsOf(ctx, analysis);
    const findings: Finding[] = [...analysis.findings, ...formatFindings];
    const emitsJs = ctx.options.noEmit !== true && ctx.options.emitDeclarationOnly !== true;
    if (findings.length === 0 && emitsJs) findings.push(...emitWorkerModules(ctx, analysis));
    const checked = await tsc;
    if (checked.output !== "") io.out(checked.output.replace(/\n$/, ""));
    for (const f of inTscOrder(findings)) io.out(tscText(f, cwd));
    // tamed's own errors stop the JavaScript (stubs without their worker modules would only fail at run time);
    // TypeScript's stop it only under noEmitOnError, as with tsc.
    const blocked = findings.length > 0 || (checked.status !== 0 && ctx.options.noEmitOnError === true);
    if (emitsJs && !blocked) {
      const edits = stubEdits(ctx, analysis, (sf) => formats.get(sf.fileName)!, emittedImports(ctx));
      const require = nodeModule.createRequire(configPath);
      let esbuild: Esbuild;
      try {
        esbuild = require("esbuild") as Esbuild;
      } catch {
        io.err(
          "tamed build: esbuild is not installed: tamed build writes the JavaScript and the worker modules with it. Install it as a dev dependency: npm install --save-dev esbuild",
        );
        return 1;
      }
      const refusal = esbuildRefusal(esbuild.version, `the project at ${path.dirname(configPath)}`);
      if (refusal !== undefined) {
        io.err(`tamed build: ${refusal}`);
        return 1;
      }
      const enums = {
        target: (
          require(path.join(installed.dir, "dist", "enums", "scriptTarget.enum.js")) as {
            ScriptTarget: Record<number, string>;
          }
        ).ScriptTarget,
        jsx: (
          require(path.join(installed.dir, "dist", "enums", "jsxEmit.enum.js")) as { JsxEmit: Record<number, string> }
        ).JsxEmit,
      };
      try {
        await emitJavaScript(esbuild, ctx, edits, formats, enums);
      } finally {
        // esbuild's service process outlives the transforms otherwise, until this process exits.
        await esbuild.stop();
      }
    }
    return checked.status !== 0 ? checked.status : findings.length > 0 ? 1 : 0;
  } finally {
    native.close();
  }
}
