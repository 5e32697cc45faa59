import { makeAsync } from "tamed";

declare global {
  var GREETING: string | undefined;
}

export const greet = makeAsync((name: string): string => `${globalThis.GREETING ?? "hello"} ${name}`);
