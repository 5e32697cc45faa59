/**
 * The entry of the package's bundles (scripts/bundle-runtime.mjs): the public API
 * (index.ts, whose declarations are the package's types), and, apart, what tamed's
 * optional entry points share with it (internal.ts).
 */
export * from "./index.js";
export * as __internal from "./internal.js";
