// 5. Payload: one task whose argument is a fresh, filled Uint8Array, copied (structured
// clone) or transferred. The worker touches the first and last byte and returns a number.
import * as contenders from "../contenders.mjs";
import { rawPool } from "../floors.mjs";
import { check, gc, now, progress, rotate } from "../measure.mjs";

const MiB = 1 << 20;
export const full = { reps: 7, sizes: [[MiB, 32], [16 * MiB, 8]] };
export const quick = { reps: 2, sizes: [[MiB, 4], [16 * MiB, 2]] };

function fresh(size, k) {
  return Array.from({ length: k }, () => new Uint8Array(size).fill(7));
}

export async function run({ reps, sizes }) {
  const t = await contenders.tamed();
  const pools = [rawPool(), t, await contenders.tinypool(), await contenders.piscina()];
  const s = await contenders.synckit();
  const sinks = {
    copy: [...pools.map((c) => ({ key: c.key, call: (u8) => c.sink(u8, false) })), { key: s.key, call: async (u8) => s.sinkSync(u8) }],
    transfer: pools.map((c) => ({ key: c.key, call: (u8) => c.sink(u8, true) })),
  };
  const cases = sizes.flatMap(([size, trips]) => ["copy", "transfer"].map((mode) => ({ name: `${size / MiB} MiB ${mode}`, size, trips, mode })));

  async function trips(it, { size, trips: k, mode }) {
    const bufs = fresh(size, k);
    gc();
    const t0 = now();
    for (const u8 of bufs) {
      check((await it.call(u8)) === 14 + size, `${it.key} ${mode} result`);
      // A transfer that silently copied would look cheap here and be wrong for users.
      check(u8.byteLength === (mode === "transfer" ? 0 : size), `${it.key} ${mode}: buffer ${mode === "transfer" ? "not detached" : "detached"}`);
    }
    return (now() - t0) / k;
  }

  for (const c of cases) for (const it of sinks[c.mode]) await trips(it, { ...c, trips: 1 });
  const perRep = [];
  for (let r = 0; r < reps; r++) {
    const rep = {};
    for (const c of cases) {
      rep[c.name] = {};
      for (const it of rotate(sinks[c.mode], r)) rep[c.name][it.key] = await trips(it, c);
    }
    perRep.push(rep);
    progress(`rep ${r + 1}/${reps}`);
  }
  return {
    floor: "raw",
    cases: cases.map((c) => c.name),
    items: [...pools, s].map(({ key, label }) => ({ key, label: key === "tamed" ? `${label}: \`sink(u8)\` / \`sink(transfer(u8))\`` : label })),
    reps: perRep,
  };
}
