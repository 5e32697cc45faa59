import { makeAsync } from "tamed";
import { program } from "fake-commander";
import { app, count } from "./cli.js";

export const greet = makeAsync((): string => `hello ${String(app.opts().name)}, loud ${String(program.opts().loud)}, ${count.parse("2")}`);
