// Circular imports: this file and circular-b.ts import each other. The class and the
// symbol are defined here; the helper in circular-b.ts checks them.
import { makeAsync } from "tamed";
import { describe } from "./circular-b.js";

export const kUnit = Symbol("unit");

export class Point {
  readonly [kUnit] = "px";
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

export const describePoint = makeAsync((x: number, y: number): string => describe(new Point(x, y)));
