// TS6 (/work/main/node_modules/typescript, in-process): node bench6.cjs <projectDir>
const path = require("node:path");
const dir = path.resolve(process.argv[2]);
const T = {}; let t = performance.now();
const lap = (k) => { const n = performance.now(); T[k] = +(n - t).toFixed(1); t = n; };
const ts = require("/work/main/node_modules/typescript");
lap("importApi");
const cfgPath = path.join(dir, "tsconfig.json");
const cfg = ts.parseJsonConfigFileContent(ts.readConfigFile(cfgPath, ts.sys.readFile).config, ts.sys, dir);
const program = ts.createProgram({ rootNames: cfg.fileNames, options: cfg.options });
const checker = program.getTypeChecker();
lap("openProject");
const files = program.getSourceFiles().filter((f) => !f.fileName.includes("node_modules"));
lap(`getSourceFiles x${files.length}`);
let nodes = 0; const ids = []; const calls = [];
const walk = (n) => { nodes++; if (ts.isIdentifier(n)) ids.push(n); if (ts.isCallExpression(n)) calls.push(n); ts.forEachChild(n, walk); };
for (const sf of files) walk(sf);
lap(`walk ${nodes} nodes`);
const diags = program.getSemanticDiagnostics();
lap(`getSemanticDiagnostics (all, ${diags.length})`);
const N = Math.min(10000, ids.length);
const sample = ids.slice(0, N);
for (const id of sample) checker.getSymbolAtLocation(id); lap(`getSymbolAtLocation x${N}`);
for (const id of sample) checker.getSymbolAtLocation(id); lap(`getSymbolAtLocation again x${N}`);
const tsample = sample.slice(0, 2000);
for (const id of tsample) checker.getTypeAtLocation(id); lap(`getTypeAtLocation x${tsample.length}`);
let markers = 0;
for (const c of calls) {
  const e = c.expression; const id = ts.isIdentifier(e) ? e : ts.isPropertyAccessExpression(e) ? e.name : undefined;
  if (!id || (id.text !== "makeAsync" && id.text !== "tamed")) continue;
  let s = checker.getSymbolAtLocation(id); if (s && s.flags & ts.SymbolFlags.Alias) s = checker.getAliasedSymbol(s);
  const d = s?.declarations?.[0]; if (d && d.getSourceFile().fileName.startsWith("/work/main/")) markers++;
}
lap(`marker search over ${calls.length} calls (${markers} markers)`);
console.log(JSON.stringify(T));
