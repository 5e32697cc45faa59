import { makeAsync } from "tamed";
import { formatter } from "./registry.js";

export const format = makeAsync((name: string, s: string): string => formatter(name)?.(s) ?? "no formatter " + name);
