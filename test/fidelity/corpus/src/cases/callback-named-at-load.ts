// Tables filled at load by named functions handed to built-ins that call them before they
// return (Array.prototype.forEach/reduce/sort, Map's forEach, Array.from's mapFn,
// String.prototype.replace's replacer, JSON.parse's reviver, new Promise's executor): the
// callbacks run as the module loads, as an inline arrow would, so a worker must run them
// too. (Before, the named ones were refused by TS77002 as if they ran later, and elements
// changed through a named callback's parameter were silently left unchanged on workers.)
import { makeAsync } from "tamed";

const WORDS = ["a", "bb", "ccc", "dd", "e"];

const BY_LENGTH = new Map<number, string[]>();
function addTo(w: string): void {
  const list = BY_LENGTH.get(w.length) ?? [];
  list.push(w);
  BY_LENGTH.set(w.length, list);
}
WORDS.forEach(addTo);

const SIZES: string[] = [];
function noteSize(list: string[], length: number): void {
  SIZES.push(`${length}:${list.length}`);
}
BY_LENGTH.forEach(noteSize);

// Elements changed in place through the callback's parameter.
const ITEMS = [{ n: 1 }, { n: 2 }];
function scale(item: { n: number }): void {
  item.n *= 10;
}
ITEMS.forEach(scale);

// Called at load by a function that is called at load.
const FIRSTS: string[] = [];
function noteFirst(w: string): void {
  FIRSTS.push(w[0]!);
}
function indexFirsts(): void {
  WORDS.forEach(noteFirst);
}
indexFirsts();

const SEEN = new Set<string>();
function upper(w: string): string {
  SEEN.add(w);
  return w.toUpperCase();
}
// The module's exports below are not what the function reads: only the callbacks' writes are.
export const UPPER = Array.from(WORDS, upper);

let total = 0;
function addLength(sum: number, w: string): number {
  total += w.length;
  return sum + w.length;
}
export const SUM = WORDS.reduce(addLength, 0);

const COMPARED: string[] = [];
function byLength(a: string, b: string): number {
  if (COMPARED.length < 3) COMPARED.push(`${a}${b}`);
  return a.length - b.length;
}
export const SORTED = [...WORDS].sort(byLength);

const VOWELS: string[] = [];
function vowel(v: string): string {
  VOWELS.push(v);
  return v;
}
"an example sentence".replace(/[aeiou]/g, vowel);

const KEYS: string[] = [];
function reviver(key: string, value: unknown): unknown {
  if (key !== "") KEYS.push(key);
  return value;
}
JSON.parse('{"x":1,"y":{"z":2}}', reviver);

const STARTED: string[] = [];
function start(resolve: (v: string) => void): void {
  STARTED.push("executor");
  resolve("done");
}
void new Promise(start);

export const namedCallbacks = makeAsync((n: number): string =>
  JSON.stringify({
    words: BY_LENGTH.get(n) ?? [],
    sizes: SIZES,
    items: ITEMS,
    firsts: FIRSTS.join(""),
    seen: [...SEEN],
    total,
    compared: COMPARED.length,
    vowels: VOWELS.join(""),
    keys: KEYS,
    started: STARTED,
  }),
);
