// A class whose static block fills a table.
import { makeAsync } from "tamed";

class Gamma {
  static readonly TABLE: number[] = [];
  static {
    for (let i = 0; i < 256; i++) Gamma.TABLE.push(Math.round(255 * (i / 255) ** (1 / 2.2)));
  }
}

export const gammaCorrect = makeAsync((pixels: number[]): number[] => pixels.map((p) => Gamma.TABLE[p] ?? -1));
