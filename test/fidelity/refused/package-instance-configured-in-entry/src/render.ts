import { makeAsync } from "tamed";
import { md } from "./md.js";

export const render = makeAsync((src: string): string => md.parse(src));
