// What tamed's analysis needs, done with TS7's sync API.
import { API, SymbolFlags, TypeFlags, ObjectFlags, SignatureKind } from "typescript/unstable/sync";
import { SyntaxKind, isCallExpression, isIdentifier, isPropertyAccessExpression, isArrowFunction, isImportSpecifier, isMethodDeclaration, isMethodSignatureDeclaration as isMethodSignature, isVariableDeclaration, isSourceFile, isFunctionDeclaration } from "typescript/unstable/ast";
import { version } from "typescript";
import * as path from "node:path";

const t0 = performance.now();
const api = new API({ cwd: path.resolve("sample") });
const snapshot = api.updateSnapshot({ openProjects: [path.resolve("sample/tsconfig.json")] });
const project = snapshot.getProject(path.resolve("sample/tsconfig.json")) ?? snapshot.getProjects()[0];
const { program, checker } = project;
console.log("version", version, "open ms", (performance.now() - t0).toFixed(0));
console.log("project", project.configFileName, "rootFiles", project.rootFiles, "options.outDir", project.compilerOptions.outDir);
console.log("sourceFileNames", program.getSourceFileNames().length, program.getSourceFileNames().filter(f => !f.includes("/typescript-linux")));
const sf = program.getSourceFile(path.resolve("sample/src/main.ts"));
console.log("sf kind", sf.kind, SyntaxKind[sf.kind], "fileName", sf.fileName, "isDecl", sf.isDeclarationFile, "imports", sf.imports.map(i => i.text));
console.log("diag", program.getSemanticDiagnostics(sf.fileName).length, program.getSyntacticDiagnostics().length);

const calls = [];
const visit = (n) => { if (isCallExpression(n)) calls.push(n); n.forEachChild(visit); };
sf.forEachChild(visit);
const resolve = (h) => h?.resolve(project);
for (const call of calls) {
  const callee = call.expression;
  const id = isIdentifier(callee) ? callee : isPropertyAccessExpression(callee) ? callee.name : undefined;
  console.log("\ncall", JSON.stringify(call.getText().slice(0, 40)), "pos", call.pos, call.end, "start", call.getStart(), "parent", SyntaxKind[call.parent.kind], "line", sf.getLineAndCharacterOfPosition(call.getStart()));
  let sym = checker.getSymbolAtLocation(id);
  console.log("  callee symbol", sym?.name, "flags", sym?.flags, "alias?", !!(sym?.flags & SymbolFlags.Alias), "decls", sym?.declarations.map(d => SyntaxKind[d.kind] + "@" + d.path));
  if (sym && sym.flags & SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym);
  const decl = resolve(sym?.declarations[0]);
  console.log("  target", sym?.name, "decl kind", decl && SyntaxKind[decl.kind], "file", decl?.getSourceFile().fileName, "parent", decl && SyntaxKind[decl.parent.kind]);
  const arrow = call.arguments[0];
  if (!arrow || !isArrowFunction(arrow)) continue;
  // identifiers in the arrow -> declarations
  const ids = [];
  const walk = (n) => { if (isIdentifier(n)) ids.push(n); n.forEachChild(walk); };
  arrow.body.forEachChild ? walk(arrow.body) : 0;
  for (const i of ids) {
    let s = checker.getSymbolAtLocation(i);
    const local = s;
    if (s && s.flags & SymbolFlags.Alias) s = checker.getAliasedSymbol(s);
    const d = resolve(s?.valueDeclaration ?? s?.declarations[0]);
    const localDecl = resolve(local?.declarations[0]);
    console.log("  id", i.text, "->", local && SyntaxKind[localDecl.kind], "->", s?.name, d && SyntaxKind[d.kind], d && path.relative(process.cwd(), d.getSourceFile().fileName), "moduleLevel", d && (isVariableDeclaration(d) ? isSourceFile(d.parent.parent.parent) : isSourceFile(d.parent)));
  }
  // parameters and return type
  const sig = checker.getSignatureFromDeclaration(arrow);
  for (const p of arrow.parameters) {
    const type = checker.getTypeAtLocation(p);
    const calls = checker.getSignaturesOfType(type, SignatureKind.Call);
    const props = type.flags & TypeFlags.Object ? checker.getPropertiesOfType(type) : [];
    const methods = props.filter(pr => { const d = resolve(pr.valueDeclaration ?? pr.declarations[0]); return d && (isMethodDeclaration(d) || isMethodSignature(d)); });
    const tsym = type.getSymbol();
    console.log("  param", p.name.getText(), "type", checker.typeToString(type), "flags", type.flags, "objectFlags", type.objectFlags, "callSigs", calls.length, "props", props.map(x => x.name), "methods", methods.map(x => x.name), "symbol", tsym?.name);
  }
  const ret = checker.getReturnTypeOfSignature(sig);
  console.log("  return", checker.typeToString(ret), "isRef", !!(ret.objectFlags & ObjectFlags.Reference), ret.isTypeReference?.() ? checker.getTypeArguments(ret).map(a => checker.typeToString(a)) : "", "symbol", ret.getSymbol()?.name);
  // resolved signature of the marker call
  const rs = checker.getResolvedSignature(call);
  console.log("  resolvedSignature params", rs?.getParameters().map(x => x.name), "decl", rs?.declaration && SyntaxKind[rs.declaration.kind]);
}
// module resolution: symbol of the import's module specifier
for (const lit of sf.imports) {
  const ms = checker.getSymbolAtLocation(lit);
  const d = resolve(ms?.valueDeclaration ?? ms?.declarations[0]);
  console.log("import", lit.text, "->", ms?.name, d && SyntaxKind[d.kind], d?.fileName, "meta", JSON.stringify(program.getSourceFileMetadata(d?.fileName ?? "")));
}
// identity: same node twice
const id0 = calls[0].expression;
console.log("symbol identity", checker.getSymbolAtLocation(id0) === checker.getSymbolAtLocation(id0), "node identity", program.getSourceFile(sf.fileName) === sf);
console.log("printNode", project.emitter.printNode(calls[0]).slice(0, 60));
api.close();
