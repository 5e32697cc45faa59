// A subclass in a file of its own that imports its base class's file, which imports it back
// (see cycle-shape.ts): `extends Shape` runs as this file loads.
import { Shape } from "./cycle-shape.js";

export class Square extends Shape {
  readonly kind = "square";
  constructor(readonly side: number) {
    super();
  }
  area(): number {
    return this.side * this.side;
  }
}
