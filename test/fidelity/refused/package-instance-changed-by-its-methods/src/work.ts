import { makeAsync } from "tamed";
import { bus, cache, i18n, math, seen } from "./values.js";

export const work = makeAsync((x: number) => {
  bus.emit("did", x);
  return `${math.evaluate("double", x)} ${cache.get("a")} ${cache.get("b")} ${i18n.t()} ${seen.length}`;
});
