// TS7 (typescript@7, native) through its sync API: node bench7.mjs <projectDir>
import * as path from "node:path";
const dir = path.resolve(process.argv[2]);
const batched = process.argv.includes("--batched");
const T = {}; let t = performance.now();
const lap = (k) => { const n = performance.now(); T[k] = +(n - t).toFixed(1); t = n; };
const { API, SymbolFlags } = await import("typescript/unstable/sync");
const { isCallExpression, isIdentifier, isPropertyAccessExpression } = await import("typescript/unstable/ast");
lap("importApi");
const api = new API({ cwd: dir });
const snap = api.updateSnapshot({ openProjects: [path.join(dir, "tsconfig.json")] });
const project = snap.getProjects()[0];
lap("openProject");
const { program, checker } = project;
const names = program.getSourceFileNames().filter((f) => !f.includes("node_modules"));
lap("getSourceFileNames");
const files = names.map((f) => program.getSourceFile(f));
lap(`getSourceFile x${files.length} (AST transfer)`);
let nodes = 0; const ids = []; const calls = [];
const walk = (n) => { nodes++; if (isIdentifier(n)) ids.push(n); if (isCallExpression(n)) calls.push(n); n.forEachChild(walk); };
for (const sf of files) walk(sf);
lap(`walk ${nodes} nodes`);
const diags = program.getSemanticDiagnostics();
lap(`getSemanticDiagnostics (all, ${diags.length})`);
const N = Math.min(10000, ids.length);
const sample = ids.slice(0, N);
if (batched) { checker.getSymbolAtLocation(sample); lap(`getSymbolAtLocation batched x${N}`); }
else { for (const id of sample) checker.getSymbolAtLocation(id); lap(`getSymbolAtLocation x${N}`); }
for (let i = 0; i < N; i++) checker.getSymbolAtLocation(sample[i]); lap(`getSymbolAtLocation again x${N}`);
const tsample = sample.slice(0, 2000);
for (const id of tsample) checker.getTypeAtLocation(id); lap(`getTypeAtLocation x${tsample.length}`);
// tamed-like marker search: callee named makeAsync/tamed -> symbol -> alias -> declaration file
let markers = 0;
for (const c of calls) {
  const e = c.expression; const id = isIdentifier(e) ? e : isPropertyAccessExpression(e) ? e.name : undefined;
  if (!id || (id.text !== "makeAsync" && id.text !== "tamed")) continue;
  let s = checker.getSymbolAtLocation(id); if (s && s.flags & SymbolFlags.Alias) s = checker.getAliasedSymbol(s);
  const d = s?.declarations[0]?.resolve(project); if (d && d.getSourceFile().fileName.includes("/tamed/") || d?.getSourceFile().fileName.startsWith("/work/main/")) markers++;
}
lap(`marker search over ${calls.length} calls (${markers} markers)`);
api.close();
lap("close");
console.log(JSON.stringify(T));
