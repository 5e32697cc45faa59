// A barrel.
export * from "./slug.js";
export * from "./words.js";
