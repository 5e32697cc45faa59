// Mixins applied by a top-level call (the TypeScript handbook's applyMixins).
import { makeAsync } from "tamed";

class Tagged {
  tag(this: { name: string }): string {
    return `#${this.name.toLowerCase().replace(/\s+/g, "-")}`;
  }
}

class Sized {
  size(this: { name: string }): number {
    return this.name.length;
  }
}

interface Item extends Tagged, Sized {}
class Item {
  constructor(readonly name: string) {}
}

function applyMixins(target: { prototype: object }, bases: { prototype: object }[]): void {
  for (const base of bases) {
    for (const key of Object.getOwnPropertyNames(base.prototype)) {
      if (key !== "constructor") Object.defineProperty(target.prototype, key, Object.getOwnPropertyDescriptor(base.prototype, key)!);
    }
  }
}
applyMixins(Item, [Tagged, Sized]);

export const labels = makeAsync((names: string[]): string[] => names.map((n) => new Item(n)).map((i) => `${i.tag()}:${i.size()}`));
