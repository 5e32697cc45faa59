// A script of the project, run on its own: it names show.ts's types only, which loads nothing,
// so what it configures is not refused.
import type { show } from "../show.js";
import { inspect } from "node:util";

inspect.defaultOptions.depth = 5;
export type Show = typeof show;
