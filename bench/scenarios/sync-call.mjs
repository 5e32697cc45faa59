// 3. Synchronous call of a trivial function: the caller blocks until the worker answers.
import * as contenders from "../contenders.mjs";
import { rawParked } from "../floors.mjs";
import { check, interleave, mapValues } from "../measure.mjs";

export const full = { reps: 7, calls: 20_000, chunk: 2_000, warmup: 2_000 };
export const quick = { reps: 2, calls: 400, chunk: 200, warmup: 200 };

function chain(call, n) {
  let v = 0;
  for (let i = 0; i < n; i++) v = call(v);
  return v;
}

export async function run({ reps, calls, chunk, warmup }) {
  const floor = rawParked("sync");
  const t = await contenders.tamed();
  const s = await contenders.synckit();
  const items = [
    {
      key: "raw:sync-atomics",
      label:
        "floor: postMessage + Atomics.notify, then Atomics.wait + receiveMessageOnPort; worker parked in Atomics.wait",
      call: floor.call,
    },
    { key: t.key, label: `${t.label}: \`inc(x).wait()\``, call: (x) => t.inc(x).wait() },
    { key: s.key, label: `${s.label}, worker function async`, call: s.incSync },
  ];
  for (const it of items) check(chain(it.call, warmup) === warmup, `${it.key} warm-up`);
  const perRep = await interleave(items, {
    reps,
    chunks: calls / chunk,
    measure: (it) => check(chain(it.call, chunk) === chunk, `${it.key} chain`),
  });
  return {
    floor: "raw:sync-atomics",
    items: items.map(({ key, label }) => ({ key, label })),
    reps: perRep.map((rep) =>
      mapValues(rep, ({ ms, cpuMs }) => ({ us: (ms * 1000) / calls, cpuUs: (cpuMs * 1000) / calls })),
    ),
  };
}
