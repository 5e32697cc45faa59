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

test.run();
