// Globals set at load through other names for the global object: the `Function("return this")()`
// that older bundles and polyfills use, a typed alias, and lodash's `freeGlobal` test.
import { makeAsync } from "tamed";

declare global {
  var CORPUS_VIA_FUNCTION: string | undefined;
  var CORPUS_VIA_ALIAS: string | undefined;
  var CORPUS_VIA_FREE_GLOBAL: string | undefined;
}

const root = Function("return this")() as typeof globalThis;
root.CORPUS_VIA_FUNCTION = "function-this";

const g: typeof globalThis = globalThis;
g.CORPUS_VIA_ALIAS = "alias";

const freeGlobal = typeof globalThis == "object" && globalThis && globalThis.Object === Object && globalThis;
if (freeGlobal) freeGlobal.CORPUS_VIA_FREE_GLOBAL = "free-global";

export const globalsByAlias = makeAsync((): string =>
  [globalThis.CORPUS_VIA_FUNCTION, globalThis.CORPUS_VIA_ALIAS, globalThis.CORPUS_VIA_FREE_GLOBAL].join(","),
);
