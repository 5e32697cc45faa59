// How many worker threads the pool runs: raising maxThreads starts queued calls at once,
// lowering it stops the threads above it as soon as they are idle, and an idle worker
// stops idleTimeoutMs after its last call, not after its first.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { program, shown } from "./harness.mjs";

test("raising maxThreads starts the queued calls at once: as many threads as the new limit, none queued", () => {
  const r = program(`
    import { poolStats, setMaxThreads } from "tamed";
    import { cpu } from "./define.mjs";
    const slow = cpu("slow", (ms) => { const end = Date.now() + ms; while (Date.now() < end); return ms; });
    setMaxThreads(1);
    const queued = [slow(200), slow(200), slow(200)];
    const before = poolStats();
    setMaxThreads(3);
    const after = poolStats();
    console.log("before:", before.threads, before.queued, "| after raising:", after.threads, after.queued);
    console.log(queued.map((q) => q.wait()).join(" "));
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "before: 1 2 | after raising: 3 0\n200 200 200\n", shown(r));
});

test("lowering maxThreads stops the threads above it as their calls end, not an idle period later", () => {
  const r = program(`
    import { awaitAll, poolStats, setMaxThreads } from "tamed";
    import { cpu } from "./define.mjs";
    const slow = cpu("slow", (ms) => { const end = Date.now() + ms; while (Date.now() < end); return ms; });
    setMaxThreads(4);
    const running = [slow(300), slow(300), slow(300), slow(300)];
    const before = poolStats().threads;
    setMaxThreads(2); // the four are running: none can stop now
    const during = poolStats().threads;
    await awaitAll(running);
    console.log("threads running 4 calls:", before, "| after lowering to 2:", during, "| once they ended:", poolStats().threads);
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "threads running 4 calls: 4 | after lowering to 2: 4 | once they ended: 2\n", shown(r));
});

test("the idle clock starts again with each call: a worker used 150 ms ago is still there with idleTimeoutMs 300", () => {
  const r = program(`
    import { configure, poolStats } from "tamed";
    import { cpu } from "./define.mjs";
    const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
    const add = cpu("add", (a, b) => a + b);
    configure({ minThreads: 0, idleTimeoutMs: 300 });
    await add(1, 1);
    await sleep(250);
    await add(1, 1);
    await sleep(150);
    console.log("used 150 ms ago:", poolStats().threads > 0);
    await sleep(500);
    console.log("used 650 ms ago:", poolStats().threads > 0);
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "used 150 ms ago: true\nused 650 ms ago: false\n", shown(r));
});

test.run();
