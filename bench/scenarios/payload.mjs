// 5. Payload: one task whose argument is a fresh, filled Uint8Array, copied (structured
// clone) or transferred. The worker touches the first and last byte and returns a number.
import * as contenders from "../contenders.mjs";
import { rawPool } from "../floors.mjs";
import { check, gc, mapValues, now, progress, rotate, sizeName } from "../measure.mjs";

const MiB = 1 << 20;
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
export const full = {
  reps: 7,
  // 8 bytes: the same trip with nothing to move, so what a size adds shows apart from what a call costs.
  sizes: [
    [8, 32],
    [MiB, 32],
    [16 * MiB, 24],
  ],
};
export const quick = {
  reps: 2,
  sizes: [
    [8, 4],
    [MiB, 4],
    [16 * MiB, 2],
  ],
};

export async function run({ reps, sizes }) {
  const t = await contenders.tamed();
  // One task at a time: the floor is one worker, as in the round trip, not a round-robin pair.
  const pools = [rawPool(1), t, await contenders.tinypool(), await contenders.piscina()];
  const s = await contenders.synckit();
  const sinks = {
    copy: [
      ...pools.map((c) => ({ key: c.key, call: (u8) => c.sink(u8, false) })),
      { key: s.key, call: async (u8) => s.sinkSync(u8) },
    ],
    transfer: pools.map((c) => ({ key: c.key, call: (u8) => c.sink(u8, true) })),
  };
  const cases = sizes.flatMap(([size, trips]) =>
    ["copy", "transfer"].map((mode) => ({ name: `${sizeName(size)} ${mode}`, size, trips, mode })),
  );

  /**
   * One timed round trip with a fresh, filled buffer (allocated and paged in before the
   * clock starts). Each trip starts from a collected heap: the previous trips' 16 MiB
   * buffers leave a GC debt that the first allocation inside the next timed window pays
   * (a task object, a promise), and whose window that is was a matter of luck.
   */
  async function trip(it, { size, mode }) {
    const u8 = new Uint8Array(size).fill(7);
    gc();
    const t0 = now();
    const value = await it.call(u8);
    const ms = now() - t0;
    check(value === 14 + size, `${it.key} ${mode} result`);
    // A transfer that silently copied would look cheap here and be wrong for users.
    check(
      u8.byteLength === (mode === "transfer" ? 0 : size),
      `${it.key} ${mode}: buffer ${mode === "transfer" ? "not detached" : "detached"}`,
    );
    return ms;
  }

  for (const c of cases) for (const it of sinks[c.mode]) await trip(it, c);
  const perRep = [];
  for (let r = 0; r < reps; r++) {
    const rep = {};
    for (const c of cases) {
      // Trip by trip, rotating order: every contender's trips are spread over the same stretch.
      // The median trip, not the mean: one trip that paid for page faults or a worker's GC
      // moved a mean of 8 by half, and the ratios with it.
      const times = Object.fromEntries(sinks[c.mode].map((it) => [it.key, []]));
      for (let i = 0; i < c.trips; i++) {
        for (const it of rotate(sinks[c.mode], r + i)) times[it.key].push(await trip(it, c));
      }
      rep[c.name] = mapValues(times, median);
    }
    perRep.push(rep);
    progress(`rep ${r + 1}/${reps}`);
  }
  return {
    floor: "raw",
    cases: cases.map((c) => c.name),
    items: [...pools, s].map(({ key, label }) => ({
      key,
      label: key === "tamed" ? `${label}: \`sink(u8)\` / \`sink(transfer(u8))\`` : label,
    })),
    reps: perRep,
  };
}
