// A file next to the module, found from import.meta: new URL("./words.txt",
// import.meta.url), import.meta.dirname and import.meta.resolve("./words.txt"). The build copies words.txt next to the
// emitted JavaScript (out/esm/ with tspc, next to the bundle with esbuild).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { makeAsync } from "tamed";

const WORDS_URL = new URL("./words.txt", import.meta.url);

export const wordsStartingWith = makeAsync((prefix: string): string[] =>
  readFileSync(WORDS_URL, "utf8")
    .split("\n")
    .filter((w) => w !== "" && w.startsWith(prefix)),
);

export const countWordsBeside = makeAsync((file: string): number => readFileSync(join(import.meta.dirname, file), "utf8").split("\n").filter(Boolean).length);

export const countWordsResolved = makeAsync((file: string): number => readFileSync(fileURLToPath(import.meta.resolve(`./${file}`)), "utf8").split("\n").filter(Boolean).length);
