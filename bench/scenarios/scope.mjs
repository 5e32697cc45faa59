// 8. A batch of tiny tasks in an `await using` scope, against awaitAll of the same calls and
// the floor pool doing the same batch.
import * as contenders from "../contenders.mjs";
import { rawPool } from "../floors.mjs";
import { check, interleave, mapValues } from "../measure.mjs";

export const full = { reps: 5, batch: 1_000, batchesPerChunk: 10, chunks: 4 };
export const quick = { reps: 2, batch: 100, batchesPerChunk: 2, chunks: 2 };

export async function run({ reps, batch, batchesPerChunk, chunks }) {
  const t = await contenders.tamed();
  const floor = rawPool();
  const sum = (batch * (batch + 1)) / 2; // inc(0) + ... + inc(batch - 1)
  const total = async (values) => (await values).reduce((a, b) => a + b, 0);
  const items = [
    {
      key: "raw",
      label: `floor: ${floor.label}, \`Promise.all\``,
      batch: () => total(floor.all(Array.from({ length: batch }, (_, i) => floor.inc(i)))),
    },
    {
      key: "tamed:scope",
      label: "tamed: `{ await using scope = new AsyncScope(); for (...) scope.spawn(inc, i); }`",
      batch: () => t.scopeBatch(batch),
    },
    {
      key: "tamed:awaitAll",
      label: "tamed: `await awaitAll(calls of inc)`",
      batch: () => total(t.all(Array.from({ length: batch }, (_, i) => t.inc(i)))),
    },
  ];
  const batches = async (it, k) => {
    for (let i = 0; i < k; i++) check((await it.batch()) === sum, `${it.key} batch sum`);
  };
  for (const it of items) await batches(it, batchesPerChunk);
  const perRep = await interleave(items, { reps, chunks, measure: (it) => batches(it, batchesPerChunk) });
  return {
    floor: "raw",
    items: items.map(({ key, label }) => ({ key, label })),
    reps: perRep.map((rep) => mapValues(rep, ({ ms }) => ms / (chunks * batchesPerChunk))),
  };
}
