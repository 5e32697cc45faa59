// Marker decorators on static async methods: TC39 decorators in the ES module build,
// experimentalDecorators in the CommonJS build (same source).
import { makeAsync, tamed } from "tamed";

export class Stats {
  static readonly DIGITS = 3;
  static readonly #scale = 10 ** Stats.DIGITS;

  static round(x: number): number {
    return Math.round(x * Stats.#scale) / Stats.#scale;
  }

  @makeAsync
  static async mean(xs: number[]): Promise<number> {
    return Stats.round(xs.reduce((a, b) => a + b, 0) / xs.length);
  }

  @tamed
  static async histogram(xs: number[], buckets: number): Promise<number[]> {
    const lo = Math.min(...xs);
    const width = (Math.max(...xs) - lo) / buckets || 1;
    const counts = new Array<number>(buckets).fill(0);
    for (const x of xs) counts[Math.min(buckets - 1, Math.floor((x - lo) / width))]!++;
    return counts;
  }
}
