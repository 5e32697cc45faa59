/**
 * A built-in replaced on the caller's thread and not on a worker (builtins.ts): the
 * worker computes with the original, and the function's answer may differ there from the
 * one it gives inline. Reported once per built-in and process, naming the function whose
 * worker module showed it, as a TAMED_BUILTIN_REPLACED warning.
 */
import { builtinsPrint, replacedHere, type BuiltinPrint } from "../builtins.js";
import { warn } from "../warn.js";
import type { Pool } from "./pool.js";
import type { Slot } from "./slot.js";

/** Built-ins reported already, in this process. */
const reported = new Set<string>();

/** A worker's fingerprints, as its thread began and once `module` had loaded there, against this thread's now. */
export function compareBuiltins(
  pool: Pool,
  slot: Slot,
  module: number,
  pristine: BuiltinPrint,
  worker: BuiltinPrint,
): void {
  const names = replacedHere(builtinsPrint(), pristine, worker).filter((n) => !reported.has(n));
  if (names.length === 0) return;
  for (const n of names) reported.add(n);
  const fn = pool.names[module] ?? "a marked function";
  const list = names.join(", ");
  warn(
    `${list} ${names.length === 1 ? "was" : "were"} replaced on the calling thread (by a package such as MockDate, seedrandom's global mode or fake timers, or by the program), and not on worker thread ${slot.threadId}, where ${fn}() runs with the original: ${fn}() may compute a different answer there than inline. A worker repeats what the files its function imports do as they load: make the replacement in a file without markers that ${fn}()'s file imports, or pass what it reads as an argument`,
    undefined,
    "TAMED_BUILTIN_REPLACED",
  );
}
