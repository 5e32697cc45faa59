// `@makeAsync` / `@tamed` on a static async method of a class declared at module level:
// the worker module carries the class and exports Class.method.
import { makeAsync, tamed } from "tamed";

const SCALE = 2;

export class Images {
  static made = 0;

  @makeAsync
  static async thumbnail(png: Uint8Array, width: number): Promise<number[]> {
    return [png.length, width * SCALE, Images.helper()];
  }

  @tamed
  static async later(ms: number): Promise<string> {
    return `slept ${ms}`;
  }

  static helper(): number {
    return 7;
  }
}

console.log("top level: stays on the main thread");
