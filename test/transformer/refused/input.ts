// What each form refuses at extraction: a marker without a function literal, an
// unmarked function given to a taker, a marked declaration or method that is not async,
// a decorator on an instance method.
import { makeAsync, runAsync, tamed } from "tamed";

function plain(x: number): number {
  return x;
}

export const notALiteral = makeAsync(plain);

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

  @tamed
  static notAsyncMethod(): number {
    return 2;
  }
}
