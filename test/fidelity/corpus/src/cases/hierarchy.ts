// A class hierarchy checked with instanceof.
import { makeAsync } from "tamed";

abstract class Shape {
  abstract area(): number;
  describe(): string {
    const kinds = [Shape, Rect, Square, Circle].filter((C) => this instanceof C).map((C) => C.name);
    return `${kinds.join(">")} area=${Math.round(this.area() * 100) / 100}`;
  }
}

class Rect extends Shape {
  constructor(
    readonly w: number,
    readonly h: number,
  ) {
    super();
  }
  area(): number {
    return this.w * this.h;
  }
}

class Square extends Rect {
  constructor(side: number) {
    super(side, side);
  }
}

class Circle extends Shape {
  constructor(readonly r: number) {
    super();
  }
  area(): number {
    return Math.PI * this.r ** 2;
  }
}

type Spec = { kind: "rect"; w: number; h: number } | { kind: "square"; side: number } | { kind: "circle"; r: number };

function make(spec: Spec): Shape {
  switch (spec.kind) {
    case "rect":
      return new Rect(spec.w, spec.h);
    case "square":
      return new Square(spec.side);
    case "circle":
      return new Circle(spec.r);
  }
}

export const describeShapes = makeAsync((specs: Spec[]): string[] => specs.map((s) => make(s).describe()));
