// Tables and lists filled at load through another name: a local alias, a destructured
// part, a getter's result, a loop variable over several tables, a conditional receiver.
import { makeAsync } from "tamed";

const LOOKUP: Record<string, number> = {};
const target = LOOKUP;
target["two"] = 2;

const STATE = { names: [] as string[] };
const { names } = STATE;
names.push("grace");

const registry = new Map<string, number>();
function getRegistry(): Map<string, number> {
  return registry;
}
getRegistry().set("answer", 42);

const EVEN = new Array<number>(4).fill(0);
const ODD = new Array<number>(4).fill(0);
for (const [table, value] of [
  [EVEN, 2],
  [ODD, 1],
] as const)
  table.fill(value);

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LE: number[] = [];
const BE: number[] = [];
(littleEndian ? LE : BE).push(4);

export const aliasedTables = makeAsync((word: string): string =>
  JSON.stringify({
    lookup: LOOKUP[word] ?? -1,
    names: STATE.names,
    answer: registry.get("answer") ?? -1,
    tables: [EVEN.reduce((a, b) => a + b, 0), ODD.reduce((a, b) => a + b, 0)],
    endian: [LE.length, BE.length],
  }),
);
