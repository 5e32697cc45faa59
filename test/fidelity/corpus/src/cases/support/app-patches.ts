// What an app's entry patches once for the whole process (imported by the corpus table only,
// which no worker loads): statements that need nothing of this file, so workers run them too.
declare global {
  interface BigInt {
    toJSON(): string;
  }
  interface Array<T> {
    corpusTotal(this: number[]): number;
  }
}

BigInt.prototype.toJSON = function (this: bigint): string {
  return `${this.toString()}n`;
};
if (!Array.prototype.corpusTotal)
  Object.defineProperty(Array.prototype, "corpusTotal", {
    value(this: number[]): number {
      return this.reduce((a, b) => a + b, 0);
    },
    configurable: true,
  });

export {};
