// A prototype patch at top level (String.prototype.shout), typed with declare global.
import { tamed } from "tamed";

declare global {
  interface String {
    shout(): string;
  }
}

String.prototype.shout = function (this: string): string {
  return `${this.toUpperCase()}!`;
};

export const shoutAll = tamed(async (words: string[]): Promise<string[]> => words.map((w) => w.shout()));
