// A rough `tamed build` on TS7, to time the shape: (1) TS7 API: open the project, all
// diagnostics, every user file's AST, the marker search; (2) esbuild transform of every
// source (edited ones would be transformed the same way) into outDir; (3) TS7 tsc for
// declarations only. node proto-build.mjs <dir>
import * as path from "node:path";
import * as fs from "node:fs";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
const dir = path.resolve(process.argv[2]);
const esbuild = createRequire("/work/main/package.json")("esbuild");
const T = {}; let t = performance.now(); const t0 = t;
const lap = (k) => { const n = performance.now(); T[k] = +(n - t).toFixed(0); t = n; };
const { API, SymbolFlags } = await import("typescript/unstable/sync");
const { isCallExpression, isIdentifier, isPropertyAccessExpression } = await import("typescript/unstable/ast");
const api = new API({ cwd: dir });
const project = api.updateSnapshot({ openProjects: [path.join(dir, "tsconfig.emit.json")] }).getProjects()[0];
const { program, checker } = project;
const diags = [...program.getConfigFileParsingDiagnostics(), ...program.getProgramDiagnostics(), ...program.getSyntacticDiagnostics(), ...program.getSemanticDiagnostics(), ...program.getDeclarationDiagnostics()];
lap("api open+diagnostics");
const files = program.getSourceFileNames().filter((f) => f.startsWith(path.join(dir, "src"))).map((f) => program.getSourceFile(f));
let markers = 0;
const visit = (n) => {
  if (isCallExpression(n)) {
    const e = n.expression; const id = isIdentifier(e) ? e : isPropertyAccessExpression(e) ? e.name : undefined;
    if (id && (id.text === "makeAsync" || id.text === "tamed")) {
      let s = checker.getSymbolAtLocation(id); if (s && s.flags & SymbolFlags.Alias) s = checker.getAliasedSymbol(s);
      if (s?.declarations[0]?.resolve(project)) markers++;
    }
  }
  n.forEachChild(visit);
};
for (const sf of files) visit(sf);
api.close();
lap(`asts+marker search (${files.length} files, ${markers} markers)`);
const out = path.join(dir, "out-proto");
fs.rmSync(out, { recursive: true, force: true });
await Promise.all(files.map(async (sf) => {
  const r = await esbuild.transform(sf.text, { loader: "ts", format: "esm", target: "es2023", sourcefile: sf.fileName });
  const dest = path.join(out, path.relative(path.join(dir, "src"), sf.fileName)).replace(/\.ts$/, ".js");
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  fs.writeFileSync(dest, r.code);
}));
lap("esbuild transform + write");
try { execFileSync(path.resolve("node_modules/.bin/tsc"), ["-p", path.join(dir, "tsconfig.emit.json"), "--emitDeclarationOnly", "--outDir", out], { stdio: "ignore" }); } catch {}
lap("tsc7 --emitDeclarationOnly");
T.total = +(performance.now() - t0).toFixed(0);
console.log(diags.length, JSON.stringify(T));
