// Configuration the namespace-writes case changes through `import * as config`.
export const defaults = { sep: ", ", max: 10 };
export const tags: string[] = [];
export const limits = { max: 1 };
