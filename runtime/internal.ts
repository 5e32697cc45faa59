/**
 * @internal What tamed's optional entry points (tamed/bullmq) take from the runtime they
 * run beside. The package bundle (bundle.ts) exports it as `__internal`, and the
 * tamed/bullmq bundle imports it from that same file, so both share one copy of the
 * runtime: one AsyncTask class, one pool, the error classes users import from "tamed".
 * Not part of the public API.
 */
export { kBlockUntilSettled, kCancelled, kOnSettle, kSettle } from "./future-symbols.js";
export { kStart } from "./task.js";
export { getPool, type TaskSpec } from "./pool/pool.js";
export { fromWire, toWire, type ErrorClasses, type Wire } from "./wire-error.js";
export { STUB_SPEC, type StubSpec } from "./backend.js";
export { addDriver, removeDriver, type Driver } from "./blocking-wait.js";
export { settings } from "./settings.js";
// Reads which of tamed's entry points (an executor's submit, a scope's spawn) is running: state of this copy.
export { callSite } from "./call-sites.js";
