// The entry parses the command line into the package's own program and into the app's: only the
// main thread's copies get the options (run with `--name ann --loud`: inline "hello ann, loud
// true", on a worker "hello world, loud undefined"). Refused for greet: TS77014 where the package's
// program is parsed, TS77002 where the app's is; not for check, which reads neither.
import { program } from "fake-commander";
import { app } from "./cli.js";
import { check } from "./check.js";
import { greet } from "./greet.js";

program.option("--loud");
program.parse();
app.option("--quiet").parse(process.argv);

console.log(await greet(), await check(1));
