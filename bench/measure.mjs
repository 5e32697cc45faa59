// What every scenario runner shares: timing, result checks, and the interleaving that makes
// ratios between contenders stable on a shared, drifting VM.
import { fileURLToPath } from "node:url";

export const now = () => performance.now();
export const gc = () => globalThis.gc?.();
export const benchDir = fileURLToPath(new URL(".", import.meta.url));
export const progress = (msg) => process.stderr.write(`  ${msg}\n`);

/** The items starting at index k (mod length): each contender takes every position in turn. */
export const rotate = (items, k) => items.map((_, i) => items[(i + k) % items.length]);

export function check(ok, what) {
  if (!ok) throw new Error(`wrong result: ${what}`);
}

/**
 * Runs measure(item) for every item, chunk by chunk, in rotating order, and sums each item's
 * wall and process CPU milliseconds per repetition. All items of a repetition share the same
 * stretch of time, so per-repetition ratios between them cancel the machine's drift.
 */
export async function interleave(items, { reps, chunks, measure }) {
  const perRep = [];
  for (let r = 0; r < reps; r++) {
    gc();
    const sums = Object.fromEntries(items.map((it) => [it.key, { ms: 0, cpuMs: 0 }]));
    for (let c = 0; c < chunks; c++) {
      for (const it of rotate(items, r * chunks + c)) {
        const cpu0 = process.cpuUsage();
        const t0 = now();
        await measure(it);
        sums[it.key].ms += now() - t0;
        const cpu = process.cpuUsage(cpu0);
        sums[it.key].cpuMs += (cpu.user + cpu.system) / 1000;
      }
    }
    perRep.push(sums);
    progress(`rep ${r + 1}/${reps}`);
  }
  return perRep;
}

/** Maps every value of a { key: value } record. */
/** A payload size as the tables name it: "8 B", "1 MiB". */
export const sizeName = (size) => (size < 1 << 20 ? `${size} B` : `${size / (1 << 20)} MiB`);

export const mapValues = (rec, fn) => Object.fromEntries(Object.entries(rec).map(([k, v]) => [k, fn(v, k)]));
