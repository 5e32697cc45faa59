// What the analysis refuses after extraction, in each form: the stub stays, and its
// descriptor quotes the findings (`refused`) in place of a worker module.
import { makeAsync, runAsync } from "tamed";

export function scaler(factor: number) {
  return makeAsync((x: number): number => x * factor);
}

export function adder(n: number) {
  /** @tamed */
  async function add(x: number): Promise<number> {
    return x + n;
  }
  return add;
}

/** @makeAsync */
export async function receiver(this: { base: number }, x: number): Promise<number> {
  return this.base + x;
}

export class Jobs {
  @makeAsync
  static async apply(f: (x: number) => number, x: number): Promise<number> {
    return f(x);
  }
}

export function sumWith(n: number) {
  return runAsync((x: number) => x + n, 1);
}
