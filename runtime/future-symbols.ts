/**
 * The internal symbols through which the runtime settles and watches futures, and the
 * status a future reports. Apart from future.ts so that modules that only settle or
 * listen (combinators, the pool, scopes) name what they use without the class.
 */

/** @internal Synchronous settle listeners; combinators use them so that a blocking wait sees them fire. */
export const kOnSettle = Symbol("tamed.onSettle");
/** @internal Takes a settle listener off a future that has not settled (a subscription or a call given up). */
export const kOffSettle = Symbol("tamed.offSettle");
/** @internal Settles a future from inside the runtime; returns false if it was already settled. */
export const kSettle = Symbol("tamed.settle");
/** @internal Settles a future as cancelled. */
export const kCancelled = Symbol("tamed.cancelled");
/** @internal Blocks until settled without counting as observing the outcome (scopes waiting at exit). */
export const kBlockUntilSettled = Symbol("tamed.settled");
/** @internal True once someone awaited, waited on, or read the outcome. */
export const kObserved = Symbol("tamed.observed");
/** @internal Someone else (a scope) reports this future's failure: no unhandled-rejection report for it. */
export const kReported = Symbol("tamed.reported");
/** @internal A callback takes the settled outcome in hand: it is observed, and a failure is handled. */
export const kTakenBy = Symbol("tamed.takenBy");
/** @internal The outcome as it is, without observing it: `ok` is undefined while pending. */
export const kOutcome = Symbol("tamed.outcome");
/** @internal Follows a value or thenable given by the runtime (a continuation's result). */
export const kFollow = Symbol("tamed.follow");
/**
 * @internal Its failure's stack is to get the frames of where it is awaited (call-sites.ts
 * AWAITED): set with `future[kAwaitSite] = true`, passed on to futures that follow it.
 */
export const kAwaitSite = Symbol("tamed.awaitSite");

/** Where a future or task stands. Only an `AsyncTask` is ever `"running"`. */
export type Status = "pending" | "running" | "success" | "failure" | "cancelled";
