// Function literals given to runAsync, executor.submit, executor.map and scope.spawn.
import { AsyncExecutor, AsyncScope, runAsync } from "tamed";

const SQUARES: number[] = [];
for (let i = 0; i < 64; i++) SQUARES.push(i * i);

const VOWELS = new Set<string>();
for (const v of "aeiouy") VOWELS.add(v);

enum Weight {
  Short = 1,
  Long = 3,
}

class Tally {
  #n = 0;
  add(k: number): this {
    this.#n += k;
    return this;
  }
  get total(): number {
    return this.#n;
  }
}

export function sumOfSquares(xs: number[]): Promise<number> {
  return runAsync((v: number[]) => v.reduce((a, x) => a + (SQUARES[x] ?? NaN), 0), xs);
}

export async function vowelCounts(words: string[]): Promise<number[]> {
  using executor = new AsyncExecutor();
  return Promise.all(words.map((w) => executor.submit((word: string) => [...word].filter((c) => VOWELS.has(c)).length, w)));
}

export async function weights(words: string[]): Promise<number[]> {
  using executor = new AsyncExecutor();
  const out: number[] = [];
  for await (const w of executor.map((word: string) => (word.length > 4 ? Weight.Long : Weight.Short), words)) out.push(w);
  return out;
}

export async function tallyUp(steps: number[]): Promise<number> {
  await using scope = new AsyncScope();
  return scope.spawn(async (xs: number[]) => xs.reduce((t, x) => t.add(x), new Tally()).total, steps);
}
