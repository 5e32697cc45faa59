// A JSON module's object changed at load in a CommonJS project (a default filled in, a list extended).
import data from "../cases/settings.json";
import { makeAsync } from "tamed";

(data.colors as Record<string, string>)["blue"] = "#00f";
data.names.push("blue");

export const colorOfCjs = makeAsync(
  (n: string): string => `${(data.colors as Record<string, string>)[n] ?? "none"} ${data.names.join(",")}`,
);
