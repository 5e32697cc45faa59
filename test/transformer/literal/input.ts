// Function literals given to runAsync, submit, map and spawn: extracted as if marked
// (with tamed when async, else makeAsync).
import { AsyncExecutor, AsyncScope, runAsync } from "tamed";

const BASE = 100;

export async function main(): Promise<void> {
  console.log(await runAsync((x: number) => x + BASE, 1));
  const executor = new AsyncExecutor();
  console.log(await executor.submit(async (ms: number) => `slept ${ms}`, 5));
  console.log([...executor.map((s: string) => s.length, ["a", "bb"])]);
  const scope = new AsyncScope();
  const a = scope.spawn((x: number, y: number) => x + y, 2, 3);
  const b = scope.spawn(function named(s: string) {
    return s.toUpperCase();
  }, "spawned");
  await Promise.all([a, b]);
}
