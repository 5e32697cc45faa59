// A module's exports changed at load through a namespace import of it (`config.defaults.sep = ...`),
// also by element access.
import { makeAsync } from "tamed";
import * as config from "./support/ns-config.js";

config.defaults.sep = " / ";
config.tags.push("beta");
// By element access.
config["limits"].max = 5;

export const joinAll = makeAsync(
  (xs: string[]): string =>
    xs.join(config.defaults.sep) + ` [${config.tags.join()}] max ${config.limits.max}`,
);
