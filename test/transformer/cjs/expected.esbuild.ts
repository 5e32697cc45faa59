// CommonJS output: the descriptor's base is __filename, __dirname names the main thread's
// folder in the worker, and each form is emitted as in an ES module otherwise.
import { makeAsync, runAsync } from "tamed";
import * as path from "node:path";

const DATA = path.join(__dirname, "data.txt");

export const where = makeAsync((): string => `${DATA} ${__filename}`, { v: 1, name: "where", module: "./__tamed__/input.where.mjs", base: __filename });

/** @tamed */
export function twice(...__tamed_args) { return (__tamed_twice_1 ??= __tamed_rt.tamed(async function twice(x: number): Promise<number> {
  return x * 2;
}, { v: 1, name: "twice", module: "./__tamed__/input.twice.mjs", base: __filename }))(...__tamed_args); } var __tamed_twice_1;

export async function main(): Promise<number> {
  return runAsync(__tamed_rt.makeAsync((x: number) => x + 1, { v: 1, name: "the function given to runAsync() in main", module: "./__tamed__/input.runAsync.main.mjs", base: __filename }), 41);
}

import * as __tamed_rt from "tamed";
