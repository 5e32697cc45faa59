// 4. CPU scaling: `count` tasks of ~100 ms pure CPU on 2 threads against the same tasks run
// one after another on the main thread in the same repetition.
import * as contenders from "../contenders.mjs";
import { rawPool } from "../floors.mjs";
import { check, gc, now, progress, rotate } from "../measure.mjs";
import { cpu } from "../workers/tasks.mjs";

export const full = { reps: 7, count: 8, taskMs: 100 };
export const quick = { reps: 2, count: 8, taskMs: 5 };

/** Loop rounds for about `ms` of CPU on this thread, from a warmed-up timing. */
function calibrate(ms) {
  let n = 1_000_000;
  cpu(n);
  for (;;) {
    const t0 = now();
    cpu(n);
    const dt = now() - t0;
    if (dt > 20) return Math.round((n * ms) / dt);
    n *= 2;
  }
}

export async function run({ reps, count, taskMs }) {
  const n = calibrate(taskMs);
  const expected = cpu(n);
  const list = [rawPool(), await contenders.tamed(), ...(await contenders.pools())];
  // Warm-up: the loop compiled on every worker, and the workers all started.
  for (const c of list) await c.all(Array.from({ length: count }, () => c.cpu(n >> 4)));
  const order = ["main", ...list.map((c) => c.key)];
  const perRep = [];
  for (let r = 0; r < reps; r++) {
    const rep = {};
    for (const key of rotate(order, r)) {
      gc();
      const t0 = now();
      if (key === "main") {
        for (let i = 0; i < count; i++) check(cpu(n) === expected, "main thread loop");
      } else {
        const c = list.find((x) => x.key === key);
        const values = await c.all(Array.from({ length: count }, () => c.cpu(n)));
        check(values.length === count && values.every((v) => v === expected), `${key} cpu`);
      }
      rep[key] = now() - t0;
    }
    perRep.push(rep);
    progress(`rep ${r + 1}/${reps}`);
  }
  return {
    rounds: n,
    items: list.map(({ key, label }) => ({ key, label })),
    reps: perRep,
  };
}
