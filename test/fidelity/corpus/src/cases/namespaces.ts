// Namespaces with values: one merged across two blocks, a function merged with a
// namespace (the shape of @types/lodash and jQuery), an enum merged with a namespace.
import { makeAsync } from "tamed";

namespace Geometry {
  export const TAU = Math.PI * 2;
  export function circumference(r: number): number {
    return TAU * r;
  }
}

namespace Geometry {
  // TAU is the first block's export, reached unqualified.
  export function arc(r: number, turns: number): number {
    return TAU * r * turns;
  }
}

function fmt(x: number): string {
  return `${x.toFixed(fmt.digits)} ${fmt.unit}`;
}
namespace fmt {
  export const digits = 3;
  export const unit = "cm";
}

enum Shape {
  Circle,
  Quarter,
}
namespace Shape {
  export function parse(s: string): Shape {
    const v = (Shape as unknown as Record<string, Shape | undefined>)[s];
    if (v === undefined) throw new RangeError(`no shape '${s}'`);
    return v;
  }
}

export const perimeter = makeAsync((shape: string, r: number): string =>
  fmt(Shape.parse(shape) === Shape.Circle ? Geometry.circumference(r) : Geometry.arc(r, 0.25) + 2 * r),
);
