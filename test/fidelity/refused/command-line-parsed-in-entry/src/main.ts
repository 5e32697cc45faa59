// The entry parses the command line into the package's own program and into the app's: only the
// main thread's copies get the options (run with `--name ann --loud`: inline "hello ann, loud
// true, 2", on a worker "hello world, loud undefined, 2"). Refused for greet: TS77014 where the
// package's program is parsed, TS77002 where the app's is; not for check, which reads neither.
import { program } from "fake-commander";
import { app, count } from "./cli.js";
import { check } from "./check.js";
import { greet } from "./greet.js";

program.option("--loud");
program.parse();
app.option("--quiet").parse(process.argv);
// Not the command line's parse: its value is what it is for (as zod's `Num.parse(process.argv.slice(2))`).
const words = count.parse(process.argv.slice(2));

console.log(await greet(), await check(words));
