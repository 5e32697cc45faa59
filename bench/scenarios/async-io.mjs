// 7. Async I/O: many concurrent sleeps sharing the workers' event loops, against the same
// sleeps awaited on the main thread.
import * as contenders from "../contenders.mjs";
import { rawPool, rawRing } from "../floors.mjs";
import { check, gc, now, progress, rotate } from "../measure.mjs";
import { nap } from "../workers/tasks.mjs";

// Each contender first runs `warmup` batches, as scenario 8 does: the figures are the steady
// state. In a fresh process tamed's first batches cost more while the call path on both
// sides is compiled (40-54 ms for the first, about 26-28 from the tenth on, on 2026-12-05).
export const full = { reps: 7, calls: 1_000, ms: 20, warmup: 10 };
export const quick = { reps: 2, calls: 100, ms: 20, warmup: 1 };

export async function run({ reps, calls, ms, warmup }) {
  const t = await contenders.tamed();
  const p = await contenders.piscina({ concurrentTasksPerWorker: calls / contenders.THREADS });
  // What a worker costs at all, without a pool: a message per call and per reply, and shared
  // rings with a message per batch. The target is set against the main thread.
  const floors = [rawPool(), rawRing()];
  const list = [
    {
      key: "main",
      label: "floor: the same sleeps awaited on the main thread (`Promise.all`)",
      batch: () => Promise.all(Array.from({ length: calls }, () => nap(ms))),
    },
    ...floors.map((f) => ({
      key: f.key,
      label: `${f.label}: \`Promise.all\` of async calls`,
      batch: () => f.all(Array.from({ length: calls }, () => f.nap(ms))),
    })),
    {
      key: t.key,
      label: `${t.label}: \`awaitAll\` of \`tamed(async (ms) => { await setTimeout(ms); return ms; })\` calls`,
      batch: () => t.all(Array.from({ length: calls }, () => t.nap(ms))),
    },
    {
      key: p.key,
      label: `${p.label}: \`Promise.all\` of async worker calls`,
      batch: () => p.all(Array.from({ length: calls }, () => p.nap(ms))),
    },
  ];
  async function wall(it) {
    gc();
    const t0 = now();
    const values = await it.batch();
    const dt = now() - t0;
    check(values.length === calls && values.every((v) => v === ms) && dt >= ms - 1, `${it.key} sleeps`);
    return dt;
  }
  for (const it of list) for (let i = 0; i < warmup; i++) await wall(it);
  const perRep = [];
  for (let r = 0; r < reps; r++) {
    const rep = {};
    for (const it of rotate(list, r)) rep[it.key] = await wall(it);
    perRep.push(rep);
    progress(`rep ${r + 1}/${reps}`);
  }
  return { floor: "main", items: list.map(({ key, label }) => ({ key, label })), reps: perRep };
}
