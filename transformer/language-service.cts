/**
 * tamed's language-service plugin: the build's diagnostics (TS77001...) in editors while
 * you type, for tsserver-based editors (VS Code, WebStorm, Neovim's ts_ls, ...):
 *   "plugins": [{ "transform": "tamed/transformer" }, { "name": "tamed/language-service" }]
 *
 * It runs the build's analysis on the language service's current program (once per
 * program, shared by all its files) and adds the findings of each file to that file's
 * semantic diagnostics. It does not bundle: diagnostics that only bundling finds (TS77005)
 * come from the build. A failure of the analysis is logged and costs only its diagnostics.
 */
import type * as ts from "typescript";
import { analyze } from "./analyze.cjs";
import { createContext, type Context } from "./context.cjs";
import { finding, toDiagnostic, type Finding } from "./diagnostics.cjs";
import { moduleFormat } from "./module-format.cjs";
import { requireClassic } from "./typescript-version.cjs";

/** The findings of a whole program, by file name. */
function findingsOf(tsi: typeof ts, program: ts.Program): Map<string, ts.Diagnostic[]> {
  // The diagnostics tspc would report: analysed as tspc does.
  const ctx: Context = { ...createContext(tsi, program), tscEmit: true };
  const analysis = analyze(ctx);
  const findings: Finding[] = [...analysis.findings];
  for (const m of analysis.functions) {
    const f = moduleFormat(ctx, m.sourceFile);
    if (typeof f !== "string") findings.push(finding("unsupportedModuleKind", m.form.site, { kind: f.unsupported }));
  }
  const byFile = new Map<string, ts.Diagnostic[]>();
  for (const f of findings) {
    const d = toDiagnostic(tsi, f);
    const file = d.file?.fileName;
    if (file === undefined) continue;
    byFile.set(file, [...(byFile.get(file) ?? []), d]);
  }
  return byFile;
}

function init(modules: { typescript: typeof ts }): ts.server.PluginModule {
  const tsi = modules.typescript;
  return {
    create(info: ts.server.PluginCreateInfo): ts.LanguageService {
      const ls = info.languageService;
      // An editor must keep working: on a TypeScript tamed does not know, say why in the log and add nothing.
      try {
        requireClassic(tsi.version, "the editor's TypeScript", "tamed/language-service");
      } catch (e) {
        info.project.projectService.logger.info(`[tamed] ${e instanceof Error ? e.message : String(e)}`);
        return ls;
      }
      const cache = new WeakMap<ts.Program, Map<string, ts.Diagnostic[]>>();
      const log = (message: string): void => info.project.projectService.logger.info(`[tamed] ${message}`);
      const ours = (fileName: string): ts.Diagnostic[] => {
        const program = ls.getProgram();
        if (program === undefined) return [];
        let byFile = cache.get(program);
        if (byFile === undefined) {
          try {
            byFile = findingsOf(tsi, program);
          } catch (e) {
            log(`the analysis failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
            byFile = new Map();
          }
          cache.set(program, byFile);
        }
        return byFile.get(fileName) ?? [];
      };
      // Every method of the service as it is, but the semantic diagnostics.
      const proxy = Object.create(null) as ts.LanguageService;
      for (const key of Object.keys(ls) as Array<keyof ts.LanguageService>) {
        const member = ls[key];
        (proxy as unknown as Record<string, unknown>)[key] =
          typeof member === "function" ? (member as (...a: unknown[]) => unknown).bind(ls) : member;
      }
      proxy.getSemanticDiagnostics = (fileName) => [...ls.getSemanticDiagnostics(fileName), ...ours(fileName)];
      return proxy;
    },
  };
}

// module.exports = init: tsserver require()s the plugin and calls it.
export = init;
