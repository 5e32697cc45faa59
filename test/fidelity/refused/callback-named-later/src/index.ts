// Named functions handed at load to what calls them later, not before it returns: a timer,
// an event emitter. The main thread's tables change when they fire; a worker's copy of the
// module never runs them (a built-in that calls back at once, WORDS.forEach(addTo), is
// setup instead: corpus case callback-named-at-load). And one such built-in called in a
// function only the main thread runs, whose callback changes the elements it is given.
import { EventEmitter } from "node:events";
import { makeAsync } from "tamed";

const WORDS = ["a", "bb", "ccc"];

const BY_LENGTH = new Map<number, string[]>();
function addTo(w: string): void {
  const list = BY_LENGTH.get(w.length) ?? [];
  list.push(w);
  BY_LENGTH.set(w.length, list);
}
export const words = new EventEmitter();
words.on("word", addTo);

const LOADED: string[] = [];
function loadAll(): void {
  for (const w of WORDS) LOADED.push(w);
}
setTimeout(loadAll, 0);

// A built-in that calls back at once, in a function only the main thread calls: later.
const ITEMS = [{ n: 1 }, { n: 2 }];
function scale(item: { n: number }): void {
  item.n *= 10;
}
export function rescale(): void {
  ITEMS.forEach(scale);
}

export const lookup = makeAsync((n: number): string[] => [...(BY_LENGTH.get(n) ?? []), ...LOADED]);
export const total = makeAsync((): number => ITEMS.reduce((sum, item) => sum + item.n, 0));
