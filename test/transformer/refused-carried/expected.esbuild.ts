// What the analysis refuses after extraction, in each form: the stub stays, and its
// descriptor quotes the findings (`refused`) in place of a worker module.
import { makeAsync, runAsync } from "tamed";

export function scaler(factor: number) {
  return makeAsync((x: number): number => x * factor, { v: 1, name: "scaler", refused: ["input.ts:6:47 - error TS77001: scaler uses 'factor', a local variable of the enclosing scope (declared at input.ts:5:24); a worker thread cannot see it. Pass it as an argument instead: add a parameter 'factor' to the function given to makeAsync() and pass the value when you call scaler."] });
}

export function adder(n: number) {
  /** @tamed */
  function add(...__tamed_args) { return (__tamed_add_1 ??= __tamed_rt.tamed(async function add(x: number): Promise<number> {
    return x + n;
  }, { v: 1, name: "add", refused: ["input.ts:12:16 - error TS77001: add uses 'n', a local variable of the enclosing scope (declared at input.ts:9:23); a worker thread cannot see it. Pass it as an argument instead: add a parameter 'n' to the function given to tamed() and pass the value when you call add."] }))(...__tamed_args); } var __tamed_add_1;
  return add;
}

/** @makeAsync */
export function receiver(...__tamed_args) { return (__tamed_receiver_2 ??= __tamed_rt.makeAsync(async function receiver(this: { base: number }, x: number): Promise<number> {
  return this.base + x;
}, { v: 1, name: "receiver", refused: ["input.ts:19:10 - error TS77006: receiver uses 'this', the object it would be called on; no object crosses to the worker thread with the call. Pass what you need from it as an argument."] }))(...__tamed_args); } var __tamed_receiver_2;

export class Jobs {
  @makeAsync({ v: 1, name: "Jobs.apply", refused: ["input.ts:24:22 - error TS77007: Jobs.apply's parameter 'f' has type '(x: number) => number', which cannot be copied to or from a worker thread: it is a function. Pass plain data instead (primitives, plain objects and arrays, Map, Set, Date, typed arrays, Error), and rebuild richer objects on the other side."] })
  static async apply(f: (x: number) => number, x: number): Promise<number> {
    return f(x);
  }
}

export function sumWith(n: number) {
  return runAsync(__tamed_rt.makeAsync((x: number) => x + n, { v: 1, name: "the function given to runAsync() in sumWith", refused: ["input.ts:30:38 - error TS77001: the function given to runAsync() in sumWith uses 'n', a local variable of the enclosing scope (declared at input.ts:29:25); a worker thread cannot see it. Pass it as an argument instead: add a parameter 'n' to the function and give the value to runAsync() after it."] }), 1);
}

import * as __tamed_rt from "tamed";
