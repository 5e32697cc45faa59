// An import through package.json "imports" (#lib/*).
import { adler32 } from "#lib/adler.js";
import { makeAsync } from "tamed";

export const checksums = makeAsync((texts: string[]): number[] => texts.map(adler32));
