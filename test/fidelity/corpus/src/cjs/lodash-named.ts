// Named imports from a CommonJS package whose exports Node cannot list (lodash's shape).
import { chunk, kebabCase, sumBy } from "fake-lodash";
import { makeAsync } from "tamed";

export const kebabChunks = makeAsync((words: string[], size: number): { keys: string[][]; lengths: number } =>
  ({ keys: chunk(words.map(kebabCase), size), lengths: sumBy(words, (w) => w.length) }),
);
