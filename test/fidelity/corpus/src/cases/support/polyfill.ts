// A polyfill: defines Math.clampTo when the runtime lacks it. Imported for its effect.
declare global {
  interface Math {
    clampTo(x: number, lo: number, hi: number): number;
  }
}

if (typeof Math.clampTo !== "function") {
  Object.defineProperty(Math, "clampTo", {
    value: (x: number, lo: number, hi: number): number => Math.min(Math.max(x, lo), hi),
    writable: true,
    configurable: true,
  });
}

export {};
