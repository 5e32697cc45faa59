// A registry on the global object (two copies of a library share it), with a prefix and a
// suffix kept there too; plugins fill it as they load.
declare global {
  var CORPUS_FORMATTERS: Map<string, (s: string) => string> | undefined;
  var CORPUS_PREFIX: string | undefined;
  var CORPUS_SUFFIX: string | undefined;
  var CORPUS_CALLS: number;
}

globalThis.CORPUS_CALLS = 0;

export function registerFormatter(name: string, f: (s: string) => string): void {
  (globalThis.CORPUS_FORMATTERS ??= new Map()).set(name, f);
}

export function formatter(name: string): ((s: string) => string) | undefined {
  CORPUS_CALLS++; // a global the function itself writes: the same on each thread
  return globalThis.CORPUS_FORMATTERS?.get(name);
}
