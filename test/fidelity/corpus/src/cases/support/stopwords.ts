// A lazily built cache in a module-level `let`, in a module the marked function imports.
let cache: Set<string> | undefined;

const LIST = "a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with";

export function stopwords(): Set<string> {
  return (cache ??= new Set(LIST.split(" ")));
}
