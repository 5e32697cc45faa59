/**
 * Fingerprints of the built-ins a program may replace to change what a computation
 * returns (Date, Math.random, the timers, JSON...), taken on a worker and on its caller's
 * thread and compared by the pool (pool/builtins-check.ts): a replacement made on the
 * caller's thread and not repeated by the worker module (MockDate.set in the function's
 * file, seedrandom's global mode, fake timers) makes the function compute a different
 * answer on a worker. Used by both sides, as doorbell.ts is.
 *
 * Each built-in's print is 0 for native code, else the length of its source (Node writes
 * some in JavaScript, setTimeout and structuredClone among them). A worker also takes one
 * as its thread starts, before any module of the program: what Node gives every thread,
 * against which either side's changes are told apart. Built-ins are read by name, through
 * data properties only: walking the global object's properties made Node 22 and 24 load
 * tens of its modules (its lazy globals), 40-90 ms.
 */

/** Built-in name ("Math.random") → its print; a name missing, or behind a getter, is left out. */
export type BuiltinPrint = Record<string, number>;

const NAMES = [
  "Date",
  "Date.now",
  "Date.parse",
  "Date.UTC",
  "Date.prototype.getTime",
  "Date.prototype.getTimezoneOffset",
  "Date.prototype.toISOString",
  "Date.prototype.toLocaleString",
  "Date.prototype.toLocaleDateString",
  "Date.prototype.toLocaleTimeString",
  "Math.random",
  "JSON.parse",
  "JSON.stringify",
  "Promise",
  "setTimeout",
  "setInterval",
  "setImmediate",
  "clearTimeout",
  "clearInterval",
  "clearImmediate",
  "queueMicrotask",
  "structuredClone",
  "parseInt",
  "parseFloat",
  "Intl.DateTimeFormat",
  "Intl.NumberFormat",
  "Intl.Collator",
  "String.prototype.localeCompare",
  "Number.prototype.toLocaleString",
  "Array.prototype.sort",
  "Object.keys",
  "Object.assign",
];

const NATIVE = /\{\s*\[native code\]\s*\}\s*$/;
const sourceOf = Function.prototype.toString;

/** The value at a dotted path from the global object, through data properties only. */
function at(path: string): unknown {
  let v: unknown = globalThis;
  for (const key of path.split(".")) {
    if ((typeof v !== "object" && typeof v !== "function") || v === null) return undefined;
    const d = Object.getOwnPropertyDescriptor(v, key);
    if (d === undefined || !("value" in d)) return undefined;
    v = d.value;
  }
  return v;
}

/** This thread's fingerprint (about 0.1 ms; 0.5 ms the first time); empty if reading it threw. */
export function builtinsPrint(): BuiltinPrint {
  const print: BuiltinPrint = {};
  try {
    for (const name of NAMES) {
      const f = at(name);
      if (typeof f !== "function") continue;
      let text: string;
      try {
        text = sourceOf.call(f);
      } catch {
        print[name] = -1; // a revoked Proxy, say: compared as it is
        continue;
      }
      print[name] = NATIVE.test(text) ? 0 : text.length;
    }
  } catch {
    // A getter or Proxy of the program's threw: nothing is compared rather than a thread ended.
  }
  return print;
}

/**
 * The built-ins the caller's thread (`here`) replaced and the worker did not: the caller's
 * differs from what Node gives a thread (`pristine`, the worker's before any module), and
 * the worker's is still that. One the worker alone replaced (its module, or a call), or
 * both did, is not counted.
 */
export function replacedHere(here: BuiltinPrint, pristine: BuiltinPrint, worker: BuiltinPrint): string[] {
  const out: string[] = [];
  for (const name of Object.keys(pristine))
    if (here[name] !== undefined && here[name] !== pristine[name] && worker[name] === pristine[name]) out.push(name);
  return out;
}
