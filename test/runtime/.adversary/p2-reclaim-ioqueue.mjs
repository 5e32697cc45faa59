// Short CPU calls wait behind a long one at its worker while another CPU thread is idle,
// because async calls are queued (the async lane is full).
import { configure, poolStats } from "tamed";
import { cpu, io } from "../define.mjs";
const withAsync = process.argv[2] !== "noasync";
configure({ maxThreads: 2, asyncTasksPerWorker: 1 });
const spin = cpu("spin", (ms) => { const end = Date.now() + ms; while (Date.now() < end); return ms; });
const nap = io("nap", async (ms) => { await new Promise((r) => setTimeout(r, ms)); return ms; });
const naps = withAsync ? [nap(5000), nap(5000), nap(5000)] : []; // 2 hosts full, 1 queued
await new Promise((r) => setTimeout(r, 300));
for (let i = 0; i < 20; i++) await Promise.all([spin(0), spin(0)]); // 2 warm CPU threads; spin measured short
console.log("before:", JSON.stringify(poolStats()));
const t0 = Date.now();
const long = spin(3000);
const shorts = Array.from({ length: 6 }, () => spin(0));
const at = shorts.map((t) => t.then(() => Date.now() - t0));
await new Promise((r) => setTimeout(r, 100));
console.log("stats at 100 ms:", JSON.stringify(poolStats()));
console.log("short calls answered after (ms):", (await Promise.all(at)).join(" "));
await long; await Promise.all(naps);
