// A module's exports changed at load through a namespace import of it (`config.defaults.sep = ...`),
// also by element access and through an alias of the namespace.
import { makeAsync } from "tamed";
import * as config from "./support/ns-config.js";

config.defaults.sep = " / ";
config.tags.push("beta");
// By element access, and through an alias of the namespace.
config["limits"].max = 5;
const ns = config;
ns.extra.push("gamma");

export const joinAll = makeAsync(
  (xs: string[]): string =>
    xs.join(config.defaults.sep) + ` [${config.tags.join()}] max ${config.limits.max} ${config.extra.join()}`,
);
