// A JSON module's object changed at load (a default filled in, a list extended).
import { makeAsync } from "tamed";
import data from "../cases/settings.json" with { type: "json" };

(data.colors as Record<string, string>)["blue"] = "#00f";
data.names.push("blue");

export const colorOf = makeAsync(
  (n: string): string => `${(data.colors as Record<string, string>)[n] ?? "none"} ${data.names.join(",")}`,
);
