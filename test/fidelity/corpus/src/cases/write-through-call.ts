// Tables filled at load through calls that do not name them as their receiver: a bound
// method, Function.prototype.apply on a built-in's method, Reflect.apply on a user's function.
import { makeAsync } from "tamed";

const scores = new Map<string, number>();
const addScore = scores.set.bind(scores);
addScore("two", 2);

const WORDS: string[] = [];
Array.prototype.push.apply(WORDS, ["alpha", "beta"]);

const CODES: number[] = [];
function fillCodes(into: number[]): void {
  for (const c of "abc") into.push(c.charCodeAt(0));
}
Reflect.apply(fillCodes, undefined, [CODES]);

export const viaCalls = makeAsync((key: string): string =>
  JSON.stringify({ score: scores.get(key) ?? -1, words: WORDS, codes: CODES }),
);
