// Function literals given to runAsync, submit, map and spawn: extracted as if marked
// (with tamed when async, else makeAsync).
import { AsyncExecutor, AsyncScope, runAsync } from "tamed";

const BASE = 100;

export async function main(): Promise<void> {
  console.log(await runAsync(__tamed_rt.makeAsync((x: number) => x + BASE, { v: 1, name: "the function given to runAsync() in main", module: "./__tamed__/input.runAsync.main.mjs", base: import.meta.url }), 1));
  const executor = new AsyncExecutor();
  console.log(await executor.submit(__tamed_rt.tamed(async (ms: number) => `slept ${ms}`, { v: 1, name: "the function given to submit() in main", module: "./__tamed__/input.submit.main.mjs", base: import.meta.url }), 5));
  console.log([...executor.map(__tamed_rt.makeAsync((s: string) => s.length, { v: 1, name: "the function given to map() in main", module: "./__tamed__/input.map.main.mjs", base: import.meta.url }), ["a", "bb"])]);
  const scope = new AsyncScope();
  const a = scope.spawn(__tamed_rt.makeAsync((x: number, y: number) => x + y, { v: 1, name: "the function given to spawn() in a", module: "./__tamed__/input.spawn.a.mjs", base: import.meta.url }), 2, 3);
  const b = scope.spawn(__tamed_rt.makeAsync(function named(s: string) {
    return s.toUpperCase();
  }, { v: 1, name: "the function given to spawn() in b", module: "./__tamed__/input.spawn.b.mjs", base: import.meta.url }), "spawned");
  await Promise.all([a, b]);
}

import * as __tamed_rt from "tamed";
