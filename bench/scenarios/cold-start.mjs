// 6. Cold start: a fresh process per sample, round-robin across variants (rotating order),
// each ratio taken against the raw Worker of the same round.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { benchDir, progress, rotate } from "../measure.mjs";

export const full = { rounds: 10 };
export const quick = { rounds: 2 };

const items = [
  { key: "raw-1", label: "floor: 1 hand-written Worker (new Worker → first reply)" },
  { key: "tamed", label: "tamed, default config (no configure: threads start on demand): first `await inc(1)`" },
  { key: "tamed:min2", label: "tamed, `configure({ minThreads: 2, maxThreads: 2 })`, then first `await inc(1)`" },
  { key: "tinypool", label: "tinypool 2.2.0, min = max = 2, first run" },
  { key: "piscina", label: "piscina 5.3.2, min = max = 2, first run" },
  { key: "workerpool", label: "workerpool 10.0.3, min = max = 2 workers, first exec" },
];

export async function run({ rounds }) {
  const child = join(benchDir, "cold-child.mjs");
  const sample = (key) =>
    JSON.parse(execFileSync(process.execPath, [child, key], { encoding: "utf8", timeout: 30_000 }));
  sample("tamed"); // the disk cache warm for everyone, not only for whoever goes first
  const perRep = [];
  for (let r = 0; r < rounds; r++) {
    const rep = {};
    for (const it of rotate(items, r)) rep[it.key] = sample(it.key);
    perRep.push(rep);
    progress(`round ${r + 1}/${rounds}`);
  }
  return { floor: "raw-1", items, reps: perRep };
}
