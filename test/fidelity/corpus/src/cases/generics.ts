// Generics: a generic marked function, a generic helper class, a constrained key.
import { makeAsync } from "tamed";

class Groups<K extends PropertyKey, T> {
  readonly #map = new Map<K, T[]>();
  add(key: K, item: T): this {
    const list = this.#map.get(key);
    if (list === undefined) this.#map.set(key, [item]);
    else list.push(item);
    return this;
  }
  toObject(): Record<string, T[]> {
    return Object.fromEntries([...this.#map].map(([k, v]) => [String(k), v]));
  }
}

export const groupBy = makeAsync(<T extends Record<string, string | number>, K extends keyof T & string>(rows: T[], key: K): Record<string, T[]> => {
  const g = new Groups<string, T>();
  for (const row of rows) g.add(String(row[key]), row);
  return g.toObject();
});
