// 1. Round trip: `x => x + 1`, one task at a time, each awaited before the next.
import * as contenders from "../contenders.mjs";
import { check, interleave, mapValues } from "../measure.mjs";

export const full = { reps: 5, tasks: 20_000, chunk: 2_000, warmup: 2_000 };
export const quick = { reps: 2, tasks: 400, chunk: 200, warmup: 200 };

async function chain(call, n) {
  let v = 0;
  for (let i = 0; i < n; i++) v = await call(v);
  return v;
}

export async function run({ reps, tasks, chunk, warmup }) {
  const items = await contenders.oneAtATime();
  for (const it of items) check((await chain(it.call, warmup)) === warmup, `${it.key} warm-up`);
  const perRep = await interleave(items, {
    reps,
    chunks: tasks / chunk,
    measure: async (it) => check((await chain(it.call, chunk)) === chunk, `${it.key} chain`),
  });
  return {
    floor: "raw:echo",
    items: items.map(({ key, label }) => ({ key, label })),
    reps: perRep.map((rep) =>
      mapValues(rep, ({ ms, cpuMs }) => ({ us: (ms * 1000) / tasks, cpuUs: (cpuMs * 1000) / tasks })),
    ),
  };
}
