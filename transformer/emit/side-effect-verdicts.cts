/**
 * Which of the user's files the worker modules' build must be told the side effects of:
 * those whose bundle tool decided otherwise than esbuild would by itself. esbuild drops an
 * import that uses nothing of a file its package.json marks free of side effects
 * (`"sideEffects"`); the tool running the main thread's code may not (Rollup reads that
 * field only through @rollup/plugin-node-resolve), or may drop more (its own options).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { BundleRequest } from "./build-protocol.cjs";

/**
 * The files whose imports the worker build resolves with the tool's verdict: a file the
 * tool may drop, or one in a package scope whose package.json has `sideEffects` (where
 * esbuild may drop it). Each costs a round trip to the build's plugin per import, so the
 * others are left to esbuild, which agrees on them.
 */
export function toolDecides(mainThread: BundleRequest["mainThread"]): (file: string) => boolean {
  if (mainThread.kind !== "bundle" || mainThread.sideEffects === undefined) return () => false;
  const verdicts = mainThread.sideEffects;
  const declares = new Map<string, boolean>();
  /** Whether the package.json nearest `dir` has a `sideEffects` field. */
  const scopeDeclares = (dir: string): boolean => {
    const known = declares.get(dir);
    if (known !== undefined) return known;
    let answer: boolean;
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest)) {
      try {
        answer = "sideEffects" in (JSON.parse(fs.readFileSync(manifest, "utf8")) as object);
      } catch {
        answer = false;
      }
    } else {
      const up = path.dirname(dir);
      answer = up !== dir && scopeDeclares(up);
    }
    declares.set(dir, answer);
    return answer;
  };
  return (file) => {
    const verdict = verdicts[file];
    return verdict !== undefined && (!verdict || scopeDeclares(path.dirname(file)));
  };
}
