// 2. Throughput: a burst of trivial tasks submitted in one synchronous loop, then awaited
// together. Each contender's burst is paired with an adjacent burst of the floor (before it
// in even repetitions, after it in odd ones), and the ratio is taken within the pair.
import * as contenders from "../contenders.mjs";
import { rawPool } from "../floors.mjs";
import { check, gc, now, progress, rotate } from "../measure.mjs";

export const full = { reps: 5, tasks: 100_000, warmup: 10_000 };
export const quick = { reps: 2, tasks: 2_000, warmup: 500 };

async function burst(c, n) {
  gc();
  c.before?.();
  const t0 = now();
  const tasks = new Array(n);
  for (let i = 0; i < n; i++) tasks[i] = c.inc(i);
  const t1 = now();
  const values = await c.all(tasks);
  const t2 = now();
  c.after?.();
  check(values.length === n && values.every((v, i) => v === i + 1), `${c.key} burst`);
  return { perSec: (n * 1000) / (t2 - t0), submitMs: t1 - t0 };
}

export async function run({ reps, tasks, warmup }) {
  const floor = rawPool();
  const t = await contenders.tamed();
  // The same pool without call-site capture (configure({ callSites: false })): what
  // capturing a stack per call (the default, for the caller's frames in errors) costs.
  const bare = {
    ...t,
    key: "tamed:callSites-off",
    label: `${t.label}, \`configure({ callSites: false })\``,
    before: () => t.api.configure({ callSites: false }),
    after: () => t.api.configure({ callSites: true }),
  };
  const list = [t, bare, ...(await contenders.pools())];
  for (const c of [floor, ...list]) await burst(c, warmup);
  const perRep = [];
  for (let r = 0; r < reps; r++) {
    const rep = {};
    for (const c of rotate(list, r)) {
      const f = r % 2 === 0 ? await burst(floor, tasks) : null;
      const v = await burst(c, tasks);
      const g = f ?? (await burst(floor, tasks));
      rep[c.key] = { ...v, floorPerSec: g.perSec, pct: (100 * v.perSec) / g.perSec };
    }
    perRep.push(rep);
    progress(`rep ${r + 1}/${reps}`);
  }
  return {
    floorLabel: floor.label,
    items: list.map(({ key, label }) => ({
      key,
      label: key.startsWith("tamed") ? `${label}: \`awaitAll(tasks)\`` : `${label}: \`Promise.all(tasks)\``,
    })),
    reps: perRep,
  };
}
