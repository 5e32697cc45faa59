// Batches written in TypeScript because `await using` needs the compiler on Node 20.
import { AsyncScope, type AsyncTask } from "tamed";
import { inc } from "./tasks.js";

/** n tiny tasks in an `await using` scope; returns the sum of their results, read after the scope exited. */
export async function scopeBatch(n: number): Promise<number> {
  const tasks: AsyncTask<number>[] = [];
  {
    await using scope = new AsyncScope();
    for (let i = 0; i < n; i++) tasks.push(scope.spawn(inc, i));
  }
  let sum = 0;
  for (const t of tasks) sum += t.value;
  return sum;
}
