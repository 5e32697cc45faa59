// A file next to the module, found from __dirname and require.resolve("./words.txt"); and __filename. The build copies
// words.txt next to the emitted JavaScript (cjs/out/cjs/).
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { makeAsync } from "tamed";

const WORDS = join(__dirname, "words.txt");

export const wordsStartingWithCjs = makeAsync((prefix: string): string[] =>
  readFileSync(WORDS, "utf8")
    .split("\n")
    .filter((w) => w !== "" && w.startsWith(prefix)),
);

export const ownFileName = makeAsync((): string => basename(__filename));

export const countWordsRequireResolved = makeAsync((file: string): number => readFileSync(require.resolve(`./${file}`), "utf8").split("\n").filter(Boolean).length);
