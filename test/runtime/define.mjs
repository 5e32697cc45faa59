// For programs under test/runtime: marked functions without tspc. Each function's
// source text becomes a real worker module in a temporary folder, and the marker gets
// the descriptor the transformer would have written (docs/contract.md), so calls run on
// real worker threads through the real pool. A function must be self-contained, as a
// marked one is after slicing: what it needs from outside goes in `prelude` (imports).
import { mkdirSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { makeAsync, tamed } from "tamed";
import { CONTRACT_VERSION } from "../../dist/runtime/contract.js";

const dir = join(tmpdir(), `tamed-runtime-${process.pid}`);
mkdirSync(dir, { recursive: true });
const base = pathToFileURL(join(dir, "caller.mjs")).href;

/** Writes the worker module and returns its descriptor. */
export function workerModule(name, source, { prelude = "", errors } = {}) {
  const text = `${prelude}\nexport default (${source});\n`;
  const file = `${name.replace(/\W/g, "_")}.${createHash("sha1").update(text).digest("hex").slice(0, 10)}.mjs`;
  writeFileSync(join(dir, file), text);
  return { v: CONTRACT_VERSION, name, module: `./${file}`, base, ...(errors === undefined ? {} : { errors }) };
}

/** `makeAsync(fn)` as compiled: `fn` runs on a worker thread (and inline in inline mode). */
export function cpu(name, fn, options) {
  return makeAsync(fn, workerModule(name, fn.toString(), options));
}

/** `tamed(asyncFn)` as compiled. */
export function io(name, fn, options) {
  return tamed(fn, workerModule(name, fn.toString(), options));
}
