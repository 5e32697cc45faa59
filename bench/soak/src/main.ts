// The soak run (bench/soak.mjs starts it with --expose-gc): 100,000 small tasks and 1,000
// scopes in one process; heap before and after, measured after GC; what is left alive.
import { AsyncScope, awaitAll, poolStats } from "tamed";
import { fail, inc, nap } from "./tasks.js";

declare const gc: () => void;
const TASKS = Number(process.argv[2] ?? 100_000);
const SCOPES = Number(process.argv[3] ?? 1_000);

async function round(tasks: number, scopes: number): Promise<void> {
  for (let done = 0; done < tasks; done += 1_000) {
    const batch = Array.from({ length: Math.min(1_000, tasks - done) }, (_, i) => inc(i));
    if ((done / 1_000) % 2 === 0) await awaitAll(batch);
    else for (const t of batch) t.wait();
  }
  for (let s = 0; s < scopes; s++) {
    try {
      if (s % 2 === 0) {
        using scope = new AsyncScope();
        for (let i = 0; i < 4; i++) scope.spawn(inc, i);
        if (s % 10 === 0) scope.spawn(fail, s); // unobserved: thrown at exit as ScopeError
      } else {
        await using scope = new AsyncScope();
        scope.spawn(inc, s);
        scope.spawn(nap, 1);
        scope.spawn(nap, 10_000).cancel(); // cancelled: not a failure
      }
    } catch {
      // the ScopeError of a scope with a failure
    }
  }
}

function heap(): number {
  for (let i = 0; i < 5; i++) gc();
  return process.memoryUsage().heapUsed;
}

await round(5_000, 50); // warm-up: workers started, code compiled
const before = heap();
const t0 = performance.now();
await round(TASKS, SCOPES);
const ms = performance.now() - t0;
await new Promise((r) => setTimeout(r, 50));
const after = heap();
// The process's own stdout and stderr (pipes to bench/soak.mjs, or a terminal) are not the runtime's.
const resources = process.getActiveResourcesInfo().filter((r) => r !== "TTYWrap" && r !== "PipeWrap");
console.log(JSON.stringify({ tasks: TASKS, scopes: SCOPES, ms, before, after, pool: poolStats(), resources }));
