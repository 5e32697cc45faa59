// A registry on the global object (so that two copies of a library share it), which
// plugins fill as they load.
declare global {
  var FORMATTERS: Map<string, (s: string) => string> | undefined;
}

export function formatter(name: string): ((s: string) => string) | undefined {
  return globalThis.FORMATTERS?.get(name);
}
