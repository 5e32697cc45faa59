// An import cycle the app enters elsewhere: this file and cycle-square.ts import each other,
// and the app's code imports cycle-square.ts first (cycle-shapes.ts), so on the main thread
// this file runs first and Square's `extends Shape` finds Shape. The factory here names
// Square only when called. A worker that entered the cycle here, at the marked function's
// file, would run cycle-square.ts first, before Shape exists.
import { makeAsync } from "tamed";
import { Square } from "./cycle-square.js";

export abstract class Shape {
  abstract readonly kind: string;
  abstract area(): number;
  describe(): string {
    return `${this.kind} of area ${this.area()}`;
  }
}

const KINDS: Record<string, (size: number) => Shape> = {
  square: (size) => new Square(size),
};

export const reportShapes = makeAsync((kind: string, sizes: number[]): string[] =>
  sizes.map((size) => KINDS[kind]!(size).describe()),
);
