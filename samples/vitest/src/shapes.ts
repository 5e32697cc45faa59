import { isWorker, makeAsync } from "tamed";

export class Shapes {
  /** A TC39-decorated method: under vitest it needs lower-decorators.mjs (see the configs). */
  @makeAsync
  static async area(r: number): Promise<{ area: number; onWorker: boolean }> {
    return { area: Math.round(Math.PI * r * r), onWorker: isWorker() };
  }
}
