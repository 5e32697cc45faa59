// Calls at load that look like reads but change their object: an LRU cache whose get()
// moves the entry it finds to the end (also held in a variable typed Map or ReadonlyMap), a generator advanced past its first value, a
// global regular expression whose test() moves its lastIndex, and a store typed `any`
// whose get() counts. A worker must make them as the main thread did (a built-in's own
// read-only methods, Map.get or Array.map on a plain table, need not run there).
import { makeAsync } from "tamed";

class Lru<K, V> extends Map<K, V> {
  override get(key: K): V | undefined {
    const v = super.get(key);
    if (v !== undefined) {
      this.delete(key);
      this.set(key, v);
    }
    return v;
  }
}
const RECENT = new Lru<string, number>();
RECENT.set("a", 1);
RECENT.set("b", 2);
RECENT.get("a");
// The same class behind a built-in's type: the static type says Map.get, the object runs Lru's.
const TYPED: Map<string, number> = new Lru([
  ["a", 1],
  ["b", 2],
  ["c", 3],
]);
TYPED.get("a");
const VIEWED: ReadonlyMap<string, number> = TYPED;
VIEWED.get("b");

function* serials(): Generator<number> {
  for (let i = 100; ; i++) yield i;
}
const SERIALS = serials();
SERIALS.next();

const WORD = /o/g;
WORD.test("foo");

function makeStore() {
  const data = new Map<string, number>([["k", 7]]);
  let reads = 0;
  return { get: (key: string) => (reads++, data.get(key)), reads: () => reads };
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const STORE: any = makeStore();
STORE.get("k");

export const recentOrder = makeAsync((n: number): string =>
  JSON.stringify({
    order: [...RECENT.keys()].join(","),
    typed: [...TYPED.keys()].join(","),
    serial: SERIALS.next().value! + n,
    lastIndex: WORD.lastIndex,
    reads: STORE.reads(),
  }),
);
