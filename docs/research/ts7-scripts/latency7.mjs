// Per-call round trip on the small sample: 10,000 getSymbolAtLocation on the same few identifiers.
import * as path from "node:path";
import { API } from "typescript/unstable/sync";
import { isIdentifier } from "typescript/unstable/ast";
const api = new API({ cwd: path.resolve("sample") });
const project = api.updateSnapshot({ openProjects: [path.resolve("sample/tsconfig.json")] }).getProjects()[0];
const sf = project.program.getSourceFile(path.resolve("sample/src/main.ts"));
const ids = []; const w = (n) => { if (isIdentifier(n)) ids.push(n); n.forEachChild(w); }; w(sf);
project.checker.getSymbolAtLocation(ids[0]);
let t = performance.now();
for (let i = 0; i < 10000; i++) project.checker.getSymbolAtLocation(ids[i % ids.length]);
const single = (performance.now() - t) / 10000 * 1000;
const batch = Array.from({ length: 10000 }, (_, i) => ids[i % ids.length]);
t = performance.now(); project.checker.getSymbolAtLocation(batch); const batched = (performance.now() - t) / 10000 * 1000;
console.log(JSON.stringify({ ids: ids.length, singleUsPerCall: +single.toFixed(1), batchedUsPerNode: +batched.toFixed(1) }));
api.close();
