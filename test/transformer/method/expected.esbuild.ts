// `@makeAsync` / `@tamed` on a static async method of a class declared at module level:
// the worker module carries the class and exports Class.method.
import { makeAsync, tamed } from "tamed";

const SCALE = 2;

export class Images {
  static made = 0;

  @makeAsync({ v: 1, name: "Images.thumbnail", module: "./__tamed__/input.Images.thumbnail.mjs", base: import.meta.url })
  static async thumbnail(png: Uint8Array, width: number): Promise<number[]> {
    return [png.length, width * SCALE, Images.helper()];
  }

  @tamed({ v: 1, name: "Images.later", module: "./__tamed__/input.Images.later.mjs", base: import.meta.url })
  static async later(ms: number): Promise<string> {
    return `slept ${ms}`;
  }

  static helper(): number {
    return 7;
  }
}

console.log("top level: stays on the main thread");
