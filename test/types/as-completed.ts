import { asCompleted, makeAsync, Unfuture, type SettledFuture, type Status } from "tamed";
import { expectTrue, type Equal } from "./expect.js";

const num = makeAsync((x: number): number => x);
const str = makeAsync((x: string): string => x);

// Every loop over asCompleted() gives the settled futures themselves, as it does at run
// time: the first for await in a program, the ones after it (TypeScript caches an
// iterable's types after the first loop, and then awaits thenable items), and for...of.
export async function loops(): Promise<void> {
  for await (const done of asCompleted([num(1), num(2)])) {
    expectTrue<Equal<typeof done, SettledFuture<number>>>();
    expectTrue<Equal<typeof done.value, number>>();
    expectTrue<Equal<typeof done.status, Status>>();
  }
  for await (const done of asCompleted([num(1), num(2)])) {
    expectTrue<Equal<typeof done, SettledFuture<number>>>();
    expectTrue<Equal<typeof done.value, number>>();
    done.exception;
  }
  const same = asCompleted([str("a")]);
  for await (const done of same) expectTrue<Equal<typeof done.value, string>>();
  for await (const done of same) expectTrue<Equal<typeof done.value, string>>();
  for (const done of same) expectTrue<Equal<ReturnType<typeof done.wait>, string>>();
  for (const done of asCompleted([num(1)])) {
    expectTrue<Equal<typeof done.value, number>>();
    const f: Unfuture<number> = done; // still an Unfuture, to pass on
    void f;
  }
}
