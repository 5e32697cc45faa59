/**
 * Whether a call records its call site (`configure({ callSites })`), for the frames under
 * its error's stack: one rule for the pool (pool/pool.ts submit) and the cluster backend
 * (bullmq/caller.ts), which each hold the site their own way and say the same thing when
 * they did not record it.
 *
 * A capture costs 2-5 µs and holds the frames until the call settles: in a burst of
 * 100,000 tiny calls on the pool that was half the run, and on the cluster 5-7 µs of a
 * caller's 61-68 µs per call. So with `callSites: true` (the default) a site is recorded
 * while fewer calls than SITES_PENDING are pending; a burst's later calls say in their
 * stack that theirs was not, and how to have it (`callSites: "all"`).
 */

/** Calls pending below which `callSites: true` records a call's site. */
export const SITES_PENDING = 128;

/** Whether a call made while `pending` calls are pending records its site. */
export function recordsSite(setting: boolean | "all", pending: number): boolean {
  return setting === "all" || (setting && pending < SITES_PENDING);
}

/**
 * A call's site when one was wanted but not recorded (a value of the site, not a field
 * beside it: a field costs 8 bytes on every call).
 */
export const NOT_RECORDED: { readonly stack?: string } = Object.freeze({});

/** What a cluster call keeps of its site (bullmq/calls.ts Call.site); the pool keeps the frames of it on its Job. */
export type Site = Error | typeof NOT_RECORDED | undefined;

/** A call's site when recordsSite() said no: NOT_RECORDED, or none with `callSites: false`. */
export function unrecorded(setting: boolean | "all"): typeof NOT_RECORDED | undefined {
  return setting === false ? undefined : NOT_RECORDED;
}

/** The stack line that stands for a site not recorded. */
export const NOT_RECORDED_FRAME =
  '\n    at (call site not recorded: the call came in a burst, with many calls pending; configure({ callSites: "all" }) records every call\'s)';
