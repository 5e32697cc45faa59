// Constants a utilities barrel re-exports with `export *`.
export const MAX_TITLE = 10;
export const DEFAULTS = { ellipsis: "…", lower: true };
