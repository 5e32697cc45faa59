// A marked function that uses a sibling module the tests edit between builds.
import { makeAsync } from "tamed";
import { scale, VERSION } from "./math.js";
import { runCorpus } from "./runner.js";

export const scaled = makeAsync((x: number): string => `${VERSION}: ${scale(x)}`);

console.log(`main thread: ${VERSION}: ${scale(2)}`);
void runCorpus([{ name: "edited-sibling-module", fn: scaled, inputs: [[2]] }]);
