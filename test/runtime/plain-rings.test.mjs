// Calls and replies whose values are plain (numbers, booleans, null, undefined) go through
// a shared-memory ring per direction instead of the port (runtime/plain-ring.ts). These
// pin what that must not change: every call and reply arrives, in the order sent with the
// port's messages, and a reader waiting in its event loop is woken for an entry.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { program, shown } from "./harness.mjs";

test("replies that end while the caller is busy all arrive with their own values, more of them than the reply ring holds", () => {
  // 3,000 async calls end while the calling thread spins: the worker fills the ring
  // (1,024 entries) and sends the rest on its port; plain and string results alternate.
  const r = program(`
    import { configure, awaitAll } from "tamed";
    import { io } from "./define.mjs";
    configure({ maxThreads: 1, asyncTasksPerWorker: 4000 });
    const echo = io("echo", async (i, at) => {
      await new Promise((r) => setTimeout(r, at - Date.now()));
      return i % 7 === 0 ? "s" + i : i % 5 === 0 ? (i % 2 === 0) : i;
    });
    const at = Date.now() + 300;
    const tasks = Array.from({ length: 3000 }, (_, i) => echo(i, at));
    while (Date.now() < at + 700) {} // busy: nothing is read meanwhile
    const values = await awaitAll(tasks);
    const wrong = values.filter((v, i) => v !== (i % 7 === 0 ? "s" + i : i % 5 === 0 ? (i % 2 === 0) : i));
    console.log(values.length, wrong.length);
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "3000 0\n", shown(r));
});

test("what a function printed is written before its plain result settles, for every call of a batch", () => {
  const r = program(`
    import { configure, awaitAll } from "tamed";
    import { io } from "./define.mjs";
    configure({ maxThreads: 1 });
    const written = new Set();
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = (chunk, ...rest) => {
      for (const line of String(chunk).split("\\n")) if (line !== "") written.add(line);
      return write(chunk, ...rest);
    };
    const talk = io("talk", async (i) => {
      await new Promise((r) => setTimeout(r, i % 3));
      console.log("from " + i);
      return i;
    });
    let early = 0;
    const tasks = Array.from({ length: 500 }, (_, i) => talk(i));
    for (const t of tasks) t.then((i) => { if (!written.has("from " + i)) early++; });
    await awaitAll(tasks);
    process.stdout.write = write;
    console.log("settled before their output:", early);
  `);
  assert.is(r.status, 0, shown(r));
  assert.ok(r.stdout.endsWith("settled before their output: 0\n"), shown(r));
});

test("a call written to the call ring while its worker awaits something starts at once, without waiting for that", () => {
  // The worker's event loop runs (a call awaits a 5 s timer): the entry must wake it
  // (a NUDGE on the port), not wait until the worker parks again.
  const r = program(`
    import { configure } from "tamed";
    import { io, cpu } from "./define.mjs";
    configure({ maxThreads: 1 });
    const slow = io("slow", async (ms) => { await new Promise((r) => setTimeout(r, ms)); return "slow"; });
    const inc = io("inc", async (x) => x + 1);
    const s = slow(5000);
    await new Promise((r) => setTimeout(r, 200)); // it has begun
    const values = [];
    for (let i = 0; i < 5; i++) {
      values.push(await inc(i));
      await new Promise((r) => setTimeout(r, 20));
    }
    console.log(values.join(","), s.status);
    s.cancel();
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "1,2,3,4,5 running\n", shown(r));
});

test("a cancel sent right after calls written to the call ring reaches them, also once they have begun", () => {
  const r = program(`
    import { configure } from "tamed";
    import { io } from "./define.mjs";
    configure({ maxThreads: 1, graceMs: 5000 });
    const wait = io("wait", (ms) => new Promise((resolve, reject) => {
      const t = setTimeout(() => resolve(ms), ms);
      taskSignal().addEventListener("abort", () => { clearTimeout(t); reject(new Error("aborted")); });
    }), { prelude: \`import { taskSignal } from \${JSON.stringify(import.meta.resolve("tamed"))};\` });
    const tasks = Array.from({ length: 50 }, () => wait(10_000));
    for (const t of tasks.slice(0, 25)) t.cancel();
    await new Promise((r) => setTimeout(r, 100));
    for (const t of tasks.slice(25)) t.cancel();
    const t0 = Date.now();
    await Promise.allSettled(tasks);
    console.log(tasks.map((t) => t.status).filter((s) => s !== "cancelled").length, Date.now() - t0 < 4000);
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "0 true\n", shown(r));
});

test("an entry written just as its reader arms the ring is never left unread: 3,000 rounds of a few mixed calls", () => {
  // Each side's reader arms its ring whenever it has read everything, over and over here.
  // A writer that looked at the arm before publishing its entry (instead of after) left an
  // entry unread with the ring armed, and this hung in 6 runs of 6.
  const r = program(
    `
    import { awaitAll, configure } from "tamed";
    import { cpu, io } from "./define.mjs";
    configure({ maxThreads: 2 });
    const inc = cpu("inc", (x) => x + 1);
    const nap = io("nap", async (ms) => { await new Promise((r) => setTimeout(r, ms)); return ms; });
    const hop = io("hop", async (x) => { await null; return x; });
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    let total = 0;
    for (let round = 0; round < 3000; round++) {
      const n = 1 + Math.floor(random() * 6);
      const tasks = [];
      for (let i = 0; i < n; i++) {
        const k = random();
        tasks.push(k < 0.3 ? nap(Math.floor(random() * 2)) : k < 0.6 ? hop(i) : inc(i));
      }
      total += (await awaitAll(tasks)).length;
    }
    console.log("settled", total);
  `,
    { timeoutMs: 60_000 },
  );
  assert.not.ok(r.hung, shown(r));
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "settled 10414\n", shown(r));
});

test("a callback that blocks in wait() while ring replies are read keeps the worker's messages in order: a call is never taken for unstarted and run twice", () => {
  // Found by an adversarial review: the port event's own message was counted before the
  // ring entries ahead of it had settled their callbacks, and a nested wait() then read
  // the port one message early, for good. f's ring reply was read after its worker's
  // DIED, and f ran a second time; later calls settled before their printed lines.
  const r = program(`
    import { configure } from "tamed";
    import { io } from "./define.mjs";
    configure({ maxThreads: 1 });
    let runs = 0;
    const a = io("a", async (at) => { await new Promise((r) => setTimeout(r, Math.max(0, at - Date.now()))); return 1; });
    const b = io("b", async (at) => { await new Promise((r) => setTimeout(r, Math.max(0, at - Date.now()))); return "b"; });
    const f = io("f", async (at) => { await new Promise((r) => setTimeout(r, Math.max(0, at - Date.now()))); console.log("f ran"); return 2; });
    const g = io("g", async (at) => { await new Promise((r) => setTimeout(r, Math.max(0, at - Date.now()))); process.exit(3); });
    const talk = io("talk", async (i) => { await new Promise((r) => setTimeout(r, i % 3)); console.log("from " + i); return i; });
    for (const warm of [a, b, f, talk]) await warm(-1);
    const write = process.stdout.write.bind(process.stdout);
    const written = new Set();
    process.stdout.write = (chunk, ...rest) => {
      for (const line of String(chunk).split("\\n")) if (line !== "") written.add(line), line === "f ran" && runs++;
      return true;
    };
    const T = Date.now() + 300;
    // The worker answers a and f in its reply ring, b on its port (a string), then dies (g).
    const ta = a(T), tb = b(T + 20), tf = f(T + 40), tg = g(T + 60);
    ta.subscribe(() => tb.wait());
    while (Date.now() < T + 300) {} // busy: all of it is there before the pool reads any
    const out = await Promise.allSettled([ta, tb, tf, tg]);
    let early = 0;
    const tasks = Array.from({ length: 300 }, (_, i) => talk(i));
    for (const t of tasks) t.subscribe((i) => { if (!written.has("from " + i)) early++; });
    await Promise.all(tasks);
    process.stdout.write = write;
    console.log(out.map((o) => o.status + ":" + (o.value ?? o.reason?.name)).join(" "));
    console.log("f ran", runs, "time(s); settled before their output:", early);
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(
    r.stdout,
    // The first two lines are the warm-up's, printed before the count starts.
    "f ran\nfrom -1\nfulfilled:1 fulfilled:b fulfilled:2 rejected:WorkerCrashedError\nf ran 1 time(s); settled before their output: 0\n",
    shown(r),
  );
});

test("after a message the worker cannot decode, calls in its call ring still run in the order they were made", () => {
  // Found by an adversarial review: after an undecodable port message the worker read the
  // port again without looking at its ring first, so d (a string: the port) ran before c
  // (a number: the ring), which was made first.
  const r = program(`
    import { configure } from "tamed";
    import { io } from "./define.mjs";
    configure({ maxThreads: 1, resourceLimits: { stackSizeMb: 0.5 } });
    const nest = (n) => { let o = {}; const top = o; for (let i = 0; i < n; i++) { o.a = {}; o = o.a; } return top; };
    const busy = io("busy", async (ms) => { const t = Date.now(); while (Date.now() - t < ms); return 0; });
    const depth = io("depth", async (x, o) => { let n = 0; while (o.a) { o = o.a; n++; } return x + n; });
    const rec = io("rec", async (v) => { (globalThis.seen ??= []).push(v); return globalThis.seen.join(","); });
    await Promise.all([busy(0), depth(1, nest(2)), rec(0)]);
    busy(300);
    await new Promise((r) => setTimeout(r, 50)); // the worker spins: what follows waits for it
    const x = depth(1, nest(1500)); // too deep for the worker to decode
    const c = rec(1);
    const d = rec("2");
    await Promise.allSettled([x, c, d]);
    console.log(x.status, c.status, c.value, d.value);
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "failure success 0,1 0,1,2\n", shown(r));
});

test("a program's stdout.write that throws as a worker's output is printed leaves no later reply unread", () => {
  // Found after an adversarial review: the throw ended the reading with b's reply in the
  // ring, and the ring already announced (its NUDGE read): b stayed "running" for good.
  const r = program(`
    import { configure } from "tamed";
    import { io } from "./define.mjs";
    configure({ maxThreads: 1 });
    const errors = [];
    process.on("uncaughtException", (e) => errors.push(e.message));
    const a = io("a", async (at) => { await new Promise((r) => setTimeout(r, Math.max(0, at - Date.now()))); return 1; });
    const b = io("b", async (at) => {
      await new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));
      console.log("boom");
      return 2;
    });
    for (const warm of [a, b]) await warm(-1);
    const write = process.stdout.write.bind(process.stdout);
    let thrown = false;
    process.stdout.write = (chunk, ...rest) => {
      if (!thrown && String(chunk).includes("boom")) {
        thrown = true;
        throw new Error("stdout broke");
      }
      return write(chunk, ...rest);
    };
    const T = Date.now() + 200;
    // a answers in the ring (with a NUDGE), then b prints (the port) and answers in the ring.
    const ta = a(T), tb = b(T + 20);
    while (Date.now() < T + 200) {} // busy: all of it is there before the pool reads any
    const timer = setTimeout(() => { write("still running: " + tb.status + "\\n"); process.exit(2); }, 5000);
    const out = await Promise.allSettled([ta, tb]);
    clearTimeout(timer);
    write(out.map((o) => o.status + ":" + o.value).join(" ") + "; uncaught: " + errors.join() + "\\n");
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "boom\nfulfilled:1 fulfilled:2; uncaught: stdout broke\n", shown(r)); // the first line is the warm-up's
});

test("whole numbers cross the rings both ways as V8's small integers, as by postMessage, so a loop bounded by one runs as fast as inline", () => {
  // A Float64Array read gives V8 a double: handed on as it is, an integer argument reached the
  // function as a heap number, and `for (let i = 0; i < n; i++)` compared a double each round
  // (8 CPU-bound calls of 100 ms took 1.06-1.08x a raw worker's wall, 2026-12-08); so did a whole result,
  // read from a reply whose run time, a fraction, made V8 keep its numbers as doubles. %IsSmi is
  // V8's own test (--allow-natives-syntax, which the workers inherit).
  const r = program(
    `
    import { configure } from "tamed";
    import { cpu } from "./define.mjs";
    configure({ maxThreads: 1 });
    const isSmi = new Function("n", "return %IsSmi(n)");
    // 1: a small integer; -1: minus zero; 0: a heap number. Plain results, so both ways go through the rings.
    const kind = cpu("kind", (n) => (new Function("n", "return %IsSmi(n)")(n) ? 1 : Object.is(n, -0) ? -1 : 0));
    const back = cpu("back", (n) => n);
    const seen = new Set(), returned = new Set();
    // Fractions first: V8 would keep an array that held one as doubles from then on.
    for (let i = 0; i < 50; i++) await kind(await back(i + 0.5));
    for (let i = 0; i < 2000; i++) {
      seen.add(await kind(1000 + i)); // the first calls read the ring unoptimized, the later ones optimized
      returned.add(isSmi(await back(7 + i)));
    }
    console.log("arguments", [...seen].join(), "results", [...returned].join());
    console.log("-0", await kind(-0), Object.is(await back(-0), -0));
    console.log("fractions", await back(2.5), await back(2 ** 40 + 1), await back(-(2 ** 31)), await back(NaN));
  `,
    { nodeArgs: ["--allow-natives-syntax"] },
  );
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "arguments 1 results true\n-0 -1 true\nfractions 2.5 1099511627777 -2147483648 NaN\n", shown(r));
});

test.run();
