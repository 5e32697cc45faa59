// 7.1 nightly: analysis + emit of an edited source through a filesystem layer.
import * as path from "node:path";
import { API, SymbolFlags } from "typescript/sync";
import { createFileSystemLayer } from "typescript/fs";
import { SyntaxKind, isCallExpression, isIdentifier, isPropertyAccessExpression } from "typescript/ast";
import { version } from "typescript";
const dir = "/tmp/ts7-research/sample", cfg = path.join(dir, "tsconfig.json"), main = path.join(dir, "src/main.ts");
let t = performance.now();
const api = new API({ cwd: dir });
const snap = api.createSnapshot({ openProjects: [cfg] });
const project = snap.getConfiguredProject(cfg);
const program = project.program ?? snap.getProgram(project.id);
const checker = project.checker ?? program.getTypeChecker?.();
console.log(version, "open ms", (performance.now() - t).toFixed(0), Object.keys(project), typeof checker);
const sf = program.getSourceFile(main);
const calls = []; const visit = (n) => { if (isCallExpression(n)) calls.push(n); n.forEachChild(visit); }; sf.forEachChild(visit);
const edits = [];
for (const c of calls) {
  const id = isIdentifier(c.expression) ? c.expression : isPropertyAccessExpression(c.expression) ? c.expression.name : undefined;
  let s = checker.getSymbolAtLocation(id); if (s && s.flags & SymbolFlags.Alias) s = checker.getAliasedSymbol(s);
  const decl = s?.declarations?.[0]; const d = decl?.resolve ? decl.resolve(project) : decl;
  const file = d?.getSourceFile().fileName;
  console.log(c.expression.getText(), "->", s?.name, file);
  if (file?.includes("node_modules/tamed/")) { const at = c.arguments.at(-1).end; edits.push({ at, text: `, { id: "x" }` }); }
}
let text = sf.text; for (const e of edits.sort((a, b) => b.at - a.at)) text = text.slice(0, e.at) + e.text + text.slice(e.at);
const ret = checker.getReturnTypeOfSignature(checker.getSignatureFromDeclaration(calls.at(-2).arguments[0]));
console.log("awaited", checker.typeToString(ret), "->", checker.typeToString(checker.getAwaitedType(ret)));
console.log("resolved module", JSON.stringify(program.getResolvedModuleFromModuleSpecifier(sf.imports[2], sf.fileName))?.slice(0, 200));
t = performance.now();
const out0 = program.emitToString();
console.log("emitToString original ms", (performance.now() - t).toFixed(0), [...out0.outputFiles.keys()].map((f) => path.relative(dir, f)));
t = performance.now();
const snap2 = snap.update({ fileSystem: createFileSystemLayer([[main, text]]), fileNotifications: { changed: [main] } });
const p2 = snap2.getConfiguredProject(cfg).program;
const js = p2.getJavaScriptEmit([main]);
console.log("edited emit ms", (performance.now() - t).toFixed(0), [...js.outputFiles.keys()]);
console.log(JSON.stringify([...js.outputFiles.entries()].find(([k]) => k.endsWith(".js"))));
const tr = api.transpileModule(text, { fileName: main, compilerOptions: { module: 199, target: 9 } });
console.log("transpileModule:\n" + tr.outputText);
api.close();
