/**
 * Fingerprints of the built-ins a program may replace (Date, Math.random, setTimeout,
 * JSON.parse...), taken on a worker and on its caller's thread and compared by the pool
 * (pool/builtins-check.ts): a replacement made on the caller's thread and not repeated
 * by the worker module (MockDate.set in the function's file, seedrandom's global mode,
 * fake timers) makes the function compute a different answer on a worker. Used by both
 * sides, as doorbell.ts is.
 *
 * A fingerprint says of each function-valued property whether it is native code and,
 * if not, how long its source is: Node writes some globals in JavaScript (setTimeout,
 * fetch), the same on every thread, so a replacement is a change of source, not only the
 * loss of "[native code]". Only data properties are read: a getter (Node's lazy globals)
 * is never called, so taking a fingerprint loads nothing.
 */

/** Property name ("Math.random") → 0 for native code, else the length of its source. */
export type BuiltinPrint = Record<string, number>;

const NATIVE = /\{\s*\[native code\]\s*\}\s*$/;

/** Where replacements that change a computation's answer are made: the global object and the standard namespaces. */
const SCOPES: ReadonlyArray<readonly [prefix: string, scope: () => unknown]> = [
  ["", () => globalThis],
  ["Math.", () => Math],
  ["JSON.", () => JSON],
  ["Date.", () => globalThis.Date],
  ["Date.prototype.", () => (globalThis.Date as { prototype?: unknown } | undefined)?.prototype],
  ["Object.", () => Object],
  ["Array.prototype.", () => Array.prototype],
  ["String.prototype.", () => String.prototype],
  ["Number.", () => Number],
  ["Promise.", () => globalThis.Promise],
  ["Reflect.", () => Reflect],
];

const sourceOf = Function.prototype.toString;

function printOf(f: (...args: never[]) => unknown): number {
  try {
    const text = sourceOf.call(f);
    return NATIVE.test(text) ? 0 : text.length;
  } catch {
    return -1; // a Proxy of a function, say: compared as it is
  }
}

/** This thread's fingerprint. About 0.3-0.5 ms: taken once per worker module on a worker, and then on the caller's thread. */
export function builtinsPrint(): BuiltinPrint {
  const print: BuiltinPrint = {};
  for (const [prefix, scope] of SCOPES) {
    const s = scope();
    if ((typeof s !== "object" && typeof s !== "function") || s === null) continue;
    for (const key of Object.getOwnPropertyNames(s)) {
      // A prototype's constructor is its class, seen already (Date for Date.prototype.constructor).
      if (key === "constructor") continue;
      const d = Object.getOwnPropertyDescriptor(s, key);
      if (d !== undefined && "value" in d && typeof d.value === "function") print[prefix + key] = printOf(d.value);
    }
  }
  return print;
}

/**
 * The built-ins replaced on the caller's thread (`here`) and not on the worker: the
 * worker has the property, and its code differs from the caller's, which is not native.
 * Not a property the worker lacks, nor one native on the caller's thread (replaced, if
 * at all, by the worker alone: by a call, which inline would have done here too).
 */
export function replacedHere(here: BuiltinPrint, worker: BuiltinPrint): string[] {
  const out: string[] = [];
  for (const name of Object.keys(here)) {
    const there = worker[name];
    if (there !== undefined && here[name] !== 0 && here[name] !== there) out.push(name);
  }
  return out;
}
