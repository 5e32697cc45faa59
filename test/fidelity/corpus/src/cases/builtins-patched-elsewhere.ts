// Built-ins that the app's entry patches (support/app-patches.ts, which this file does not
// import): Prisma apps give BigInt a toJSON there, so that their ids stringify.
import { makeAsync } from "tamed";

export const patchedBuiltins = makeAsync((id: number, xs: number[]): string =>
  JSON.stringify({ id: BigInt(id), total: xs.corpusTotal() }),
);
