// Tables filled at load through structures that hold them: a parameter's default, the values
// of an object, a generator, a Map built around them; and a package configured behind a guard.
import { extend, fromMillis, type DateView } from "fake-dates";
import { makeAsync } from "tamed";

const REGISTRY = new Map<string, number>();
function register(name: string, value: number, into: Map<string, number> = REGISTRY): void {
  into.set(name, value);
}
register("answer", 42);

const TABLES = { a: [] as number[], b: [] as number[] };
for (const list of Object.values(TABLES)) list.push(7);

const A1: number[] = [];
const A2: number[] = [];
function* tables(): Generator<number[]> {
  yield A1;
  yield A2;
}
for (const t of tables()) t.push(1);

const LE: number[] = [];
const BY_ENDIAN = new Map([["le", LE]]);
BY_ENDIAN.get("le")!.push(4);

const WANT_QUARTER = true;
WANT_QUARTER &&
  extend((proto: DateView) => {
    proto["quarter"] = function (this: { ms: number }): number {
      return Math.floor(new Date(this.ms).getUTCMonth() / 3) + 1;
    };
  });

export const heldTables = makeAsync((ms: number): string => {
  const quarter = fromMillis(ms)["quarter"];
  return JSON.stringify({
    answer: REGISTRY.get("answer") ?? null,
    values: [TABLES.a.length, TABLES.b.length],
    generated: [A1.length, A2.length],
    le: LE,
    quarter: typeof quarter === "function" ? (quarter as () => number).call(fromMillis(ms)) : null,
  });
});
