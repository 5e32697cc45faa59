// What each form refuses at extraction: a marker without a function literal, an
// unmarked function given to a taker, a marked declaration or method that is not async,
// a decorator on an instance method.
import { makeAsync, runAsync, tamed } from "tamed";

function plain(x: number): number {
  return x;
}

export const notALiteral = makeAsync(plain, { v: 1, name: "notALiteral", refused: ["input.ts:10:38 - error TS77003: makeAsync() needs a function literal (an arrow function or a function expression) to move to a worker thread, but got 'plain'. Write the function inline: makeAsync((x: number) => compute(x)), where compute is imported or declared at module level."] });

export const unmarked = () => runAsync(plain, 1);

/** @tamed */
export function notAsync(x: number): number {
  return x;
}

export class C {
  @makeAsync
  async instance(): Promise<number> {
    return 1;
  }

  @tamed({ v: 1, name: "C.notAsyncMethod", refused: ["input.ts:26:10 - error TS77008: 'C.notAsyncMethod' is marked @tamed but is not async: a call will return a task (a Promise), so its declared return type would lie. Declare it 'static async notAsyncMethod(...)', or use the wrapper form: export const notAsyncMethod = tamed((...) => ...), whose type says it returns an AsyncTask."] })
  static notAsyncMethod(): number {
    return 2;
  }
}
