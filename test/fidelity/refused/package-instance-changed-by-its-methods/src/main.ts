// The entry changes the package-made values work() reads by methods not named for configuring:
// only the main thread's copies change (inline "4 1 2 hallo 1", on a worker "? undefined
// undefined hello 0"). Refused (TS77002) at each.
import { bus, cache, i18n, math, seen } from "./values.js";
import { work } from "./work.js";

math.import({ double: (x) => 2 * x });
cache.set("a", 1);
cache.mset([{ key: "b", val: 2 }]);
bus.on("did", (e) => seen.push(e));
await i18n.changeLanguage("de");

console.log(await work(2));
