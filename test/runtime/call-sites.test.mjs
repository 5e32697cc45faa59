// Where a task was called shows in its error's stack (configure({ callSites })), and
// what that capture costs is bounded in a burst: see runtime/call-sites.ts SITES_PENDING.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { program, shown } from "./harness.mjs";

// Calls `fail` from a function named callerOfFail, `n` at once, and prints, for the
// first and the last call, whether the caller's frame is in its error's stack and
// whether the stack says the site was not recorded.
const burst = (setup, n) => `
  import { configure, awaitAll } from "tamed";
  import { cpu } from "./define.mjs";
  ${setup}
  const fail = cpu("fail", (i) => { throw new Error("no " + i); });
  function callerOfFail(n) {
    const tasks = [];
    for (let i = 0; i < n; i++) tasks.push(fail(i));
    return tasks;
  }
  const tasks = callerOfFail(${n});
  const stacks = await Promise.all(tasks.map((t) => t.catch((e) => e.stack)));
  for (const k of [0, tasks.length - 1]) {
    console.log(k, stacks[k].includes("at callerOfFail"), stacks[k].includes("call site not recorded"), stacks[k].includes("at fail (tamed worker thread"));
  }
`;

test("a failed task's stack ends with the frames where it was called", () => {
  const r = program(burst("", 1));
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "0 true false true\n0 true false true\n", shown(r));
});

test("in a burst of more pending calls than SITES_PENDING, the later calls' stacks say their site was not recorded, and how to record it", () => {
  const r = program(burst("", 1000));
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "0 true false true\n999 false true true\n", shown(r));
  const again = program(
    burst("", 1000) + "\nconsole.log(stacks[999].split('\\n').find((l) => l.includes('not recorded')).trim());",
  );
  assert.match(again.stdout, /configure\(\{ callSites: "all" \}\)/, shown(again));
});

test('callSites: "all" records the site of every call, in a burst too', () => {
  const r = program(burst('configure({ callSites: "all" });', 1000));
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "0 true false true\n999 true false true\n", shown(r));
});

test("callSites: false records no site, and says nothing of one", () => {
  const r = program(burst("configure({ callSites: false });", 2));
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "0 false false true\n1 false false true\n", shown(r));
});

test("a task started through an executor, runAsync or a scope: its stack goes from the worker's boundary to the caller's line, past none of tamed's own frames", () => {
  const r = program(`
    import { AsyncExecutor, AsyncScope, runAsync } from "tamed";
    import { cpu } from "./define.mjs";
    const fail = cpu("fail", () => { throw new Error("no"); });
    function viaExecutor() { return new AsyncExecutor().submit(fail); }
    function viaRunAsync() { return runAsync(fail); }
    function viaScope(scope) { return scope.spawn(fail); }
    const scope = new AsyncScope();
    const tasks = [viaExecutor(), viaRunAsync(), viaScope(scope)];
    for (const stack of await Promise.all(tasks.map((t) => t.catch((e) => e.stack)))) {
      const lines = stack.split("\\n");
      const at = lines.findIndex((l) => l.includes("at fail (tamed worker thread"));
      console.log(lines[at + 1].trim().split(" ")[1]);
    }
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "viaExecutor\nviaRunAsync\nviaScope\n", shown(r));
});

test("a call an executor's maxThreads held back: its stack shows where it was submitted, not where it started (another's settling, another entry point)", () => {
  const r = program(`
    import { AsyncExecutor, configure } from "tamed";
    import { cpu } from "./define.mjs";
    configure({ maxThreads: 1 });
    const slow = cpu("slow", (ms) => { const end = Date.now() + ms; while (Date.now() < end); return ms; });
    const fail = cpu("fail", () => { throw new Error("no"); });
    const id = cpu("id", (x) => x);
    const under = (stack) => {
      const lines = stack.split("\\n");
      return lines[lines.findIndex((l) => l.includes("at fail (tamed worker thread")) + 1].trim().split(" ")[1];
    };
    // Started when the call before it settles.
    const ex = new AsyncExecutor({ maxThreads: 1 });
    function first() { return ex.submit(slow, 100); }
    function heldBack() { return ex.submit(fail); }
    const a = first();
    console.log(under(await heldBack().catch((e) => e.stack)));
    await a;
    // Started inside another executor's map: the call before it is cancelled by map's items.
    const hog = slow(300);
    const ex2 = new AsyncExecutor({ maxThreads: 1 });
    const queued = ex2.submit(slow, 10); // waits in the pool's queue behind hog
    queued.catch(() => {});
    function queueQ() { return ex2.submit(fail); }
    const q = queueQ();
    q.catch(() => {});
    function* items() { queued.cancel(); yield 1; }
    function unrelatedMap() { return new AsyncExecutor().map(id, items()); }
    for await (const x of unrelatedMap());
    console.log(under(await q.catch((e) => e.stack)));
    await hog;
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "heldBack\nqueueQ\n", shown(r));
});

test("a call made while map() reads its items: its stack shows where it was made, not map()'s caller", () => {
  const r = program(`
    import { AsyncExecutor } from "tamed";
    import { cpu } from "./define.mjs";
    const fail = cpu("fail", () => { throw new Error("no"); });
    const id = cpu("id", (x) => x);
    let stack;
    function* items() { stack = fail().catch((e) => e.stack); yield 1; }
    function callerOfMap() { return new AsyncExecutor().map(id, items()); }
    for await (const x of callerOfMap());
    const lines = (await stack).split("\\n");
    console.log(lines[lines.findIndex((l) => l.includes("at fail (tamed worker thread")) + 1].trim().split(" ")[1]);
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "items\n", shown(r));
});

// A call that finds its worker asleep (here: 200 ms after the last call, long after the
// worker's watch for the next one) records where its task is awaited or waited for, not
// where it is made (runtime/call-sites.ts AWAITED). Prints the first frame under the
// worker's boundary line, and whether the stack says the site was not recorded.
const afterIdle = (setup, body) => `
  import { awaitAll, configure, Unfuture } from "tamed";
  import { cpu } from "./define.mjs";
  ${setup}
  const fail = cpu("fail", () => { throw new Error("no"); });
  const id = cpu("id", (x) => x);
  await id(1);
  await new Promise((r) => setTimeout(r, 200));
  const under = (stack) => {
    const lines = stack.split("\\n");
    const at = lines.findIndex((l) => l.includes("at fail (tamed worker thread"));
    return lines[at + 1].trim().split(" (")[0] + " " + stack.includes("not recorded");
  };
  ${body}
`;

/** Runs afterIdle(setup, body) and checks that it exits 0 after printing `expected`. */
function printsAfterIdle(setup, body, expected) {
  const r = program(afterIdle(setup, body));
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, expected, shown(r));
}

test("a call that found its worker asleep, awaited: its stack ends with the frames where it was awaited", () => {
  printsAfterIdle(
    "",
    `
    async function awaitsFail() { await fail(); }
    console.log(under(await awaitsFail().catch((e) => e.stack)));
  `,
    "at async awaitsFail false\n",
  );
});

test("a call that found its worker asleep, blocked on with wait(): its stack ends with the frames where wait() was called", () => {
  printsAfterIdle(
    "",
    `
    function waitsForFail() { try { fail().wait(); } catch (e) { return e.stack; } }
    console.log(under(waitsForFail()));
  `,
    "at waitsForFail false\n",
  );
});

test("a call that found its worker asleep, awaited through awaitAll or a future that follows it: the frames where that is awaited", () => {
  printsAfterIdle(
    "",
    `
    async function awaitsAll() { await awaitAll([fail()]); }
    console.log(under(await awaitsAll().catch((e) => e.stack)));
    await new Promise((r) => setTimeout(r, 200));
    async function awaitsFollower() { await Unfuture.from(fail()); }
    console.log(under(await awaitsFollower().catch((e) => e.stack)));
  `,
    "at async awaitsAll false\nat async awaitsFollower false\n",
  );
});

test("a call that found its worker asleep, whose task no one awaits or waits for: its stack says its site was not recorded, and how to record it", () => {
  const r = program(
    afterIdle(
      "",
      `
    function subscribesToFail() { return new Promise((r) => fail().subscribe(undefined, (e) => r(e.stack))); }
    const stack = await subscribesToFail();
    console.log(under(stack));
    console.log(stack.split("\\n").find((l) => l.includes("not recorded")).trim());
  `,
    ),
  );
  assert.is(r.status, 0, shown(r));
  const [first, line] = r.stdout.split("\n");
  assert.is(first, "at true", shown(r));
  assert.match(line, /found its worker asleep/, shown(r));
  assert.match(line, /configure\(\{ callSites: "all" \}\)/, shown(r));
});

test('callSites: "all" records the site of a call that found its worker asleep where the call was made', () => {
  printsAfterIdle(
    'configure({ callSites: "all" });',
    `
    async function awaitsFail() { await fail(); }
    console.log(under(await awaitsFail().catch((e) => e.stack)));
  `,
    "at awaitsFail false\n",
  );
});

test("a call through a scope's spawn, an executor or runAsync that found its worker asleep: its stack shows where it was made, as a scope awaits it", () => {
  printsAfterIdle(
    'import { AsyncScope, AsyncExecutor, runAsync } from "tamed";',
    `
    async function spawnsFail() {
      const scope = new AsyncScope();
      scope.spawn(fail);
      await scope[Symbol.asyncDispose]();
    }
    console.log(under(await spawnsFail().catch((e) => e.errors[0].stack)));
    await new Promise((r) => setTimeout(r, 200));
    async function submitsFail() { await new AsyncExecutor().submit(fail); }
    console.log(under(await submitsFail().catch((e) => e.stack)));
    await new Promise((r) => setTimeout(r, 200));
    async function runsFail() { await runAsync(fail); }
    console.log(under(await runsFail().catch((e) => e.stack)));
  `,
    "at spawnsFail false\nat submitsFail false\nat runsFail false\n",
  );
});

test("stitching the frames where it is awaited never replaces the task's error: a frozen error, or a prepareStackTrace that makes no string, reaches await and wait() as it is", () => {
  printsAfterIdle(
    'import { wait } from "tamed";',
    `
    const idle = async () => { await id(1); await new Promise((r) => setTimeout(r, 200)); };
    const frozen = async () => { const t = fail(); t.catch(() => {}); await new Promise((r) => setTimeout(r, 50)); Object.freeze(t.exception); return [t]; };
    const show = (how, e) => console.log(how, e instanceof Error && e.message === "no");
    let [t] = await frozen();
    try { await t; } catch (e) { show("frozen, await:", e); }
    await idle();
    [t] = await frozen();
    try { t.wait(); } catch (e) { show("frozen, wait():", e); }
    await idle();
    Error.prepareStackTrace = () => ({ not: "a string" });
    try { await fail(); } catch (e) { show("prepareStackTrace, await:", e); }
    await idle();
    try { wait(fail()); } catch (e) { show("prepareStackTrace, wait():", e); }
  `,
    "frozen, await: true\nfrozen, wait(): true\nprepareStackTrace, await: true\nprepareStackTrace, wait(): true\n",
  );
});

test("a call that found its worker asleep, blocked on with wait(promise): its stack goes from the worker's frame to the caller's, past none of tamed's own", () => {
  printsAfterIdle(
    'import { wait } from "tamed";',
    `
    function waitsForFail() { try { wait(fail()); } catch (e) { return e.stack; } }
    console.log(under(waitsForFail()));
  `,
    "at waitsForFail false\n",
  );
});

test("a call that found its worker asleep, in a Promise.all that nothing awaits: its site is left to the await that comes after", () => {
  printsAfterIdle(
    "",
    `
    const t = fail();
    Promise.all([t]).then(null, () => {});
    await new Promise((r) => setTimeout(r, 50));
    async function awaitsLater() { await t; }
    console.log(under(await awaitsLater().catch((e) => e.stack)));
  `,
    "at async awaitsLater false\n",
  );
});

test("a call that found its worker asleep and has succeeded: then() adds no step, so Promise.race over settled tasks picks the first", () => {
  printsAfterIdle(
    "",
    `
    const a = id("after idling");
    await a;
    const b = id("awake");
    await b;
    console.log(await Promise.race([a, b]));
  `,
    "after idling\n",
  );
});

test("an error with its own unrecorded site, rethrown by a marked function called after idling: the await's frames go under the rethrowing call, the last boundary", () => {
  printsAfterIdle(
    "",
    `
    const rethrow = cpu("rethrow", (e) => { throw e; });
    let first;
    fail().catch((e) => { first = e; });
    await new Promise((r) => setTimeout(r, 50));
    await id(1);
    await new Promise((r) => setTimeout(r, 200));
    async function awaitsRethrow() { await rethrow(first); }
    const lines = (await awaitsRethrow().catch((e) => e.stack)).split("\\n");
    const at = lines.findIndex((l) => l.includes("at rethrow (tamed worker thread"));
    console.log(lines[at + 1].trim().split(" (")[0]);
  `,
    "at async awaitsRethrow\n",
  );
});

test.run();
