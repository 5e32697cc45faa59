// A JSON module's object changed at load in a CommonJS project (a default filled in, a list extended),
// directly and through aliases of its parts.
import data from "../cases/settings.json";
import { makeAsync } from "tamed";

(data.colors as Record<string, string>)["blue"] = "#00f";
data.names.push("blue");
// The same through other names: a destructured part, an alias of a part.
const { names } = data;
names.push("green");
const palette = data.colors as Record<string, string>;
palette["green"] = "#0f0";

export const colorOfCjs = makeAsync(
  (n: string): string => `${(data.colors as Record<string, string>)[n] ?? "none"} ${data.names.join(",")}`,
);
