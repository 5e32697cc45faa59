// CommonJS output: the descriptor's base is __filename, __dirname names the main thread's
// folder in the worker, and each form is emitted as in an ES module otherwise.
import { makeAsync, runAsync } from "tamed";
import * as path from "node:path";

const DATA = path.join(__dirname, "data.txt");

export const where = makeAsync((): string => `${DATA} ${__filename}`);

/** @tamed */
export async function twice(x: number): Promise<number> {
  return x * 2;
}

export async function main(): Promise<number> {
  return runAsync((x: number) => x + 1, 41);
}
