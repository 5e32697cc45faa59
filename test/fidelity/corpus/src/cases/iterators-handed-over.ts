// An iterator used up at load by the built-in it is handed to: Array.from, new Set,
// new Map, Object.fromEntries, Promise.all. Those statements keep nothing the function
// reads but the iterators themselves, whose next() now says done.
import { makeAsync } from "tamed";

function* letters(): Generator<string> {
  yield "a";
  yield "b";
}
const FROM = letters();
Array.from(FROM);
const SET = letters();
new Set(SET);
const PAIRS = [["k", 1] as const][Symbol.iterator]();
new Map(PAIRS);
const ENTRIES = [["e", 2] as const][Symbol.iterator]();
Object.fromEntries(ENTRIES);
const VALUES = [Promise.resolve(1)][Symbol.iterator]();
void Promise.all(VALUES);

export const usedUp = makeAsync((): string =>
  JSON.stringify([FROM, SET, PAIRS, ENTRIES, VALUES].map((it) => it.next().done)),
);
