import * as fs from "node:fs";
const lines = fs.readFileSync(process.argv[2] ?? "results.txt", "utf8").split("\n");
const acc = {};
const add = (k, v) => ((acc[k] ??= []).push(v));
for (const l of lines) {
  const m = /^(bench7b?|bench6|proto) (?:\d+ )?(\{.*\})$/.exec(l);
  if (m) { for (const [k, v] of Object.entries(JSON.parse(m[2]))) add(`${m[1]} ${k}`, v); continue; }
  const c = /^(cli\S+) ([\d.]+) ([\d.]+) ([\d.]+)$/.exec(l);
  if (c) { add(`${c[1]} wall s`, +c[2]); add(`${c[1]} user+sys s`, +(+c[3] + +c[4]).toFixed(2)); continue; }
  const s = /^sample7 (\d+)$/.exec(l); if (s) add("sample7 load API+open+1 AST ms", +s[1]);
  const r = /^round (\d+) load ([\d.]+)/.exec(l); if (r) add("load average at round start", +r[2]);
}
const med = (a) => { const b = [...a].sort((x, y) => x - y); const n = b.length; return n % 2 ? b[(n - 1) / 2] : (b[n / 2 - 1] + b[n / 2]) / 2; };
for (const [k, v] of Object.entries(acc)) console.log(`| ${k} | ${med(v)} | ${Math.min(...v)}–${Math.max(...v)} | ${v.length} |`);
