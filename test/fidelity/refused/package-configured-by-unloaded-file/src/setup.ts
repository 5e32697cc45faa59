// What an app's entry sets up once for the whole process, in a file only the entry imports
// (a worker never loads it): node:util's copy on a worker keeps its defaults. Refused at the
// statements that configure it as the file loads: the assignment, and the call of
// compactArrays (not its declaration, which configures nothing until called).
import { inspect } from "node:util";

inspect.defaultOptions.depth = 0;

function compactArrays(): void {
  inspect.defaultOptions.maxArrayLength = 2;
}
compactArrays();
