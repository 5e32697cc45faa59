// A CommonJS package (shaped like lodash) through a default import.
import _ from "fake-lodash";
import { makeAsync } from "tamed";

export const chunkAndSum = makeAsync((xs: number[], size: number): { chunks: number[][]; sums: number[]; version: string } => {
  const chunks = _.chunk(xs, size);
  return { chunks, sums: chunks.map((c) => _.sumBy(c, (x) => x)), version: _.VERSION };
});
