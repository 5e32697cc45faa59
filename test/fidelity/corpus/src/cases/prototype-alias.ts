// A prototype patched through another name for it, as polyfills write (`var ArrayProto =
// Array.prototype`): the write is a built-in's, so the statement is setup.
import { makeAsync } from "tamed";

declare global {
  interface Array<T> {
    corpusLast(): T | undefined;
  }
}

const ArrayProto = Array.prototype;
const proto = ArrayProto as unknown as Record<string, unknown>;
proto["corpusLast"] = function <T>(this: T[]): T | undefined {
  return this[this.length - 1];
};

export const lastOf = makeAsync((xs: number[]): number => xs.corpusLast() ?? -1);
