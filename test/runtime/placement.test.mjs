// Where calls run: async calls never wait for CPU threads, and CPU-bound calls never
// run on more threads than maxThreads.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { program, shown } from "./harness.mjs";

/** busy(state, ms): spins for `ms`, counting in state[1] the most CPU-bound calls that ran at once. */
const BUSY = `
    const state = new Int32Array(new SharedArrayBuffer(8)); // [running now, most at once]
    const busy = cpu("busy", (state, ms) => {
      const now = Atomics.add(state, 0, 1) + 1;
      for (let most = Atomics.load(state, 1); now > most && Atomics.compareExchange(state, 1, most, now) !== most; most = Atomics.load(state, 1));
      const end = Date.now() + ms;
      while (Date.now() < end);
      Atomics.sub(state, 0, 1);
      return ms;
    });`;

const CHECKPOINT = `{ prelude: \`import { checkpoint } from \${JSON.stringify(import.meta.resolve("tamed"))};\` }`;

test("async tasks run while every thread runs an endless CPU loop: a service scope of forever tasks around a scope of requests exits", () => {
  const r = program(
    `
    import { AsyncScope, configure } from "tamed";
    import { cpu, io } from "./define.mjs";
    configure({ maxThreads: 2 });
    const forever = cpu("forever", () => { for (;;) checkpoint(); }, ${CHECKPOINT});
    const request = io("request", async (i) => { await new Promise((r) => setTimeout(r, 10)); return i * 10; });
    // (await) using, written out: Node 20 has no using declarations.
    let results;
    const service = new AsyncScope({ exitMode: "cancel" });
    try {
      service.spawn(forever);
      service.spawn(forever);
      const requests = new AsyncScope();
      try {
        results = [1, 2, 3].map((i) => requests.spawn(request, i));
      } finally {
        await requests[Symbol.asyncDispose]();
      }
      console.log("await using:", await Promise.all(results));
    } finally {
      await service[Symbol.asyncDispose]();
    }
    const syncService = new AsyncScope({ exitMode: "cancel" });
    try {
      syncService.spawn(forever);
      syncService.spawn(forever);
      // A CPU-bound call queued behind the busy threads does not hold the async ones back.
      const queued = syncService.spawn(cpu("double", (x) => x * 2), 21);
      const requests = new AsyncScope();
      try {
        results = [4, 5].map((i) => requests.spawn(request, i));
      } finally {
        requests[Symbol.dispose]();
      }
      console.log("using:", results.map((t) => t.value), queued.status);
    } finally {
      syncService[Symbol.dispose]();
    }
    console.log("both scopes exited");
  `,
    { timeoutMs: 15_000 },
  );
  assert.not.ok(r.hung, shown(r));
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "await using: [ 10, 20, 30 ]\nusing: [ 40, 50 ] pending\nboth scopes exited\n", shown(r));
});

test("CPU work keeps every core while 500 async tasks idle: two CPU-bound calls on a 2-thread pool run at once", () => {
  const r = program(
    `
    import { awaitAll, configure } from "tamed";
    import { cpu, io } from "./define.mjs";
    configure({ maxThreads: 2 });
    ${BUSY}
    const idle = io("idle", async (ms) => { await new Promise((r) => setTimeout(r, ms)); return ms; });
    const sleepers = Array.from({ length: 500 }, () => idle(4000));
    await new Promise((r) => setTimeout(r, 200)); // the sleepers are on their thread(s)
    await awaitAll([busy(state, 400), busy(state, 400)]);
    console.log("CPU-bound calls at once:", Atomics.load(state, 1), "while the async tasks still slept:", sleepers.every((t) => !t.done()));
    await awaitAll(sleepers);
  `,
    { timeoutMs: 20_000 },
  );
  assert.not.ok(r.hung, shown(r));
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "CPU-bound calls at once: 2 while the async tasks still slept: true\n", shown(r));
});

test("an async task starts at once while every CPU thread is busy: once async work has run, a warm thread is kept for it", () => {
  const r = program(
    `
    import { configure, poolStats } from "tamed";
    import { cpu, io } from "./define.mjs";
    configure({ maxThreads: 2 });
    const busy = cpu("busy", (ms) => { const end = Date.now() + ms; while (Date.now() < end); return ms; });
    const hello = io("hello", async (calledAt) => Date.now() - calledAt);
    await hello(Date.now()); // async work has run
    const both = [busy(2000), busy(2000)]; // every CPU thread busy
    await new Promise((r) => setTimeout(r, 500)); // whatever started has started
    const before = poolStats().threads;
    const task = hello(Date.now());
    const after = poolStats().threads; // a thread started for a call is in the pool from the call on
    const startedAfter = await task;
    console.log(after === before ? "it ran on a thread that was already there" : \`a thread started for it: \${before} threads, then \${after}\`);
    console.error(\`started \${startedAfter} ms after the call\`);
    await Promise.all(both);
  `,
    { timeoutMs: 15_000 },
  );
  assert.not.ok(r.hung, shown(r));
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "it ran on a thread that was already there\n", shown(r));
  console.log(`  · ${r.stderr.trim()}`);
});

test("CPU-bound calls never run on more threads than maxThreads, also with an async task on an extra thread", () => {
  const r = program(
    `
    import { awaitAll, configure } from "tamed";
    import { cpu, io } from "./define.mjs";
    configure({ maxThreads: 2 });
    ${BUSY}
    const request = io("request", async (ms) => { await new Promise((r) => setTimeout(r, ms)); return ms; });
    const first = [busy(state, 300), busy(state, 300)];
    const asyncOne = request(50); // on an extra thread: both CPU threads are busy
    const more = [busy(state, 50), busy(state, 50), busy(state, 50)];
    await awaitAll([...first, asyncOne, ...more]);
    console.log("most CPU-bound calls at once:", Atomics.load(state, 1));
  `,
    { timeoutMs: 15_000 },
  );
  assert.not.ok(r.hung, shown(r));
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "most CPU-bound calls at once: 2\n", shown(r));
});

test("a burst of short CPU-bound calls after async work runs on maxThreads threads and the spare: never a thread per call", () => {
  const r = program(
    `
    import { awaitAll, configure, poolStats } from "tamed";
    import { cpu, io } from "./define.mjs";
    configure({ maxThreads: 2 });
    const inc = cpu("inc", (x) => x + 1);
    const hello = io("hello", async () => "hi");
    await hello(); // async work has run: a spare thread is kept while the CPU lane is full
    for (let i = 0; i < 20; i++) await awaitAll([inc(i), inc(i)]); // inc is measured short: it pipelines
    let most = 0;
    const tasks = [];
    for (let i = 0; i < 300; i++) {
      tasks.push(inc(i));
      most = Math.max(most, poolStats().threads);
    }
    const values = await awaitAll(tasks);
    console.log("most threads:", most, "all answered:", values.every((v, i) => v === i + 1));
  `,
    { timeoutMs: 15_000 },
  );
  assert.not.ok(r.hung, shown(r));
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "most threads: 3 all answered: true\n", shown(r));
});

test("threads are reused from one burst to the next: rounds of CPU-bound calls beside an async call run on at most 2 × maxThreads threads in all", () => {
  const r = program(
    `
    import { awaitAll, configure } from "tamed";
    import { cpu, io } from "./define.mjs";
    configure({ maxThreads: 2 });
    const WT = { prelude: 'import { threadId } from "node:worker_threads";' };
    const inc = cpu("inc", (x) => threadId, WT);
    const request = io("request", async (ms) => { await new Promise((r) => setTimeout(r, ms)); return threadId; }, WT);
    const used = new Set();
    for (let round = 0; round < 6; round++) {
      const ids = await awaitAll([inc(1), inc(2), request(5), inc(3)]);
      for (const id of ids) used.add(id);
      await new Promise((r) => setTimeout(r, 20)); // the pool idles between rounds
    }
    console.log("threads used in 6 rounds:", used.size <= 4 ? "at most 4" : used.size);
  `,
    { timeoutMs: 30_000 },
  );
  assert.not.ok(r.hung, shown(r));
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "threads used in 6 rounds: at most 4\n", shown(r));
});

test("mixed bursts of async and CPU-bound calls never run on more than 2 × maxThreads threads", () => {
  const r = program(
    `
    import { awaitAll, configure, poolStats } from "tamed";
    import { cpu, io } from "./define.mjs";
    configure({ maxThreads: 2 });
    const inc = cpu("inc", (x) => x + 1);
    const spin = cpu("spin", (ms) => { const end = Date.now() + ms; while (Date.now() < end); return ms; });
    const nap = io("nap", async (ms) => { await new Promise((r) => setTimeout(r, ms)); return ms; });
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    let most = 0;
    for (let round = 0; round < 15; round++) {
      const tasks = [];
      const n = Math.floor(random() * 150);
      for (let i = 0; i < n; i++) {
        const k = random();
        tasks.push(k < 0.3 ? nap(Math.floor(random() * 5)) : k < 0.9 ? inc(i) : spin(Math.floor(random() * 3)));
        most = Math.max(most, poolStats().threads);
      }
      await awaitAll(tasks);
    }
    console.log("most threads:", most <= 4 ? "at most 4" : most);
  `,
    { timeoutMs: 60_000 },
  );
  assert.not.ok(r.hung, shown(r));
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "most threads: at most 4\n", shown(r));
});

test("short CPU-bound calls move off a worker busy with a long call to an idle one, also while async calls are queued", () => {
  // Found by an adversarial probe: a queued async call (the async lane full) kept the
  // pool from taking calls back from a busy CPU worker; they waited 3 s behind the long one.
  const r = program(
    `
    import { configure } from "tamed";
    import { cpu, io } from "./define.mjs";
    configure({ maxThreads: 2, asyncTasksPerWorker: 1 });
    const spin = cpu("spin", (ms) => { const end = Date.now() + ms; while (Date.now() < end); return ms; });
    const nap = io("nap", async (ms) => { await new Promise((r) => setTimeout(r, ms)); return ms; });
    const naps = [nap(5000), nap(5000), nap(5000)]; // two hosts full, one async call queued
    await new Promise((r) => setTimeout(r, 300));
    for (let i = 0; i < 20; i++) await Promise.all([spin(0), spin(0)]); // two warm CPU threads; spin measured short
    const t0 = Date.now();
    const long = spin(3000);
    const shorts = Array.from({ length: 6 }, () => spin(0).then(() => Date.now() - t0));
    const after = await Promise.all(shorts);
    console.log("short calls behind the long one:", after.filter((ms) => ms >= 2500).length);
    await long;
    await Promise.all(naps);
  `,
    { timeoutMs: 30_000 },
  );
  assert.not.ok(r.hung, shown(r));
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "short calls behind the long one: 0\n", shown(r));
});

test("a host whose async tasks are being cancelled (within graceMs) keeps no CPU-bound call waiting", () => {
  // Found by an adversarial probe: cancelled tasks that ignored their signal made their
  // hosts count in the CPU lane for the whole grace: a CPU-bound call waited about 3 s.
  const r = program(
    `
    import { configure } from "tamed";
    import { cpu, io } from "./define.mjs";
    configure({ maxThreads: 2, graceMs: 3000 });
    const double = cpu("double", (x) => x * 2);
    const nap = io("nap", async (ms) => { await new Promise((r) => setTimeout(r, ms)); return ms; });
    await double(1);
    await nap(1);
    const naps = [nap(10_000), nap(10_000)]; // one per host, deaf to cancellation
    await new Promise((r) => setTimeout(r, 200));
    for (const n of naps) n.cancel();
    const t0 = Date.now();
    await double(21);
    console.log("the CPU-bound call waited for the grace:", Date.now() - t0 >= 2000);
    await Promise.allSettled(naps);
  `,
    { timeoutMs: 30_000 },
  );
  assert.not.ok(r.hung, shown(r));
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "the CPU-bound call waited for the grace: false\n", shown(r));
});

test.run();
