/**
 * The transformer's end of the generated code's contract (docs/contract.md;
 * the runtime's end is runtime/contract.ts, and a test checks the versions agree).
 */
export const CONTRACT_VERSION = 1;
