/**
 * The transformer's end of the generated code's contract (docs/contract.md;
 * the runtime's end is runtime/contract.ts, and a test checks the versions agree).
 */
export const CONTRACT_VERSION = 1;

/**
 * The worker module's export that lists the function's error classes, in the order of the
 * descriptor's `errors` (the runtime sends a thrown one's index in it, not its name).
 */
export const ERRORS_EXPORT = "__tamed_errors";

/**
 * The descriptor's fields other than `base` and `errors` (expressions: import.meta.url or
 * __filename, a thunk of classes): where the worker module is, or, for a function the
 * analysis refused, what the build reported of it (and then no `base`, no `errors`).
 */
export function descriptorFields(
  m:
    | { readonly name: string; readonly module: { readonly fromStub: string } }
    | { readonly name: string; readonly refused: readonly string[] },
): ReadonlyArray<readonly [string, string | number | readonly string[]]> {
  return [
    ["v", CONTRACT_VERSION],
    ["name", m.name],
    "refused" in m ? ["refused", m.refused] : ["module", m.module.fromStub],
  ];
}
