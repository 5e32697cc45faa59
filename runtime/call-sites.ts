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
 *
 * A call made directly (not through an entry point: see throughEntry) that finds its
 * worker asleep (after idling) records where its task is awaited instead (AWAITED):
 * there the capture, with every cache cold, cost more than the rest of the call (13-14 µs
 * of a 46-51 µs call 5 ms after the one before; 33-50 µs after a full GC), and it must
 * come before the worker is rung (pool/job.ts captureSite). The error's stack then holds
 * a placeholder line, which the first `await` of the task (or a `wait()`) replaces with
 * its own frames (stitchAwaited): V8 knows the awaiting async functions when the
 * rejection reaches them, at no cost before.
 */

/** Calls pending below which `callSites: true` records a call's site. */
export const SITES_PENDING = 128;

/** Whether a call made while `pending` calls are pending records its site. */
export function recordsSite(setting: boolean | "all", pending: number): boolean {
  return setting === "all" || (setting && pending < SITES_PENDING);
}

/**
 * A call's site when one was wanted but not recorded (a value of the site, not a field
 * beside it: a field costs 8 bytes on every call). One for every copy of this module in
 * the process (the runtime's, tamed/bullmq's), which compare it by identity.
 */
export const NOT_RECORDED: { readonly stack?: string } = ((globalThis as Record<symbol, object | undefined>)[
  Symbol.for("tamed.siteNotRecorded")
] ??= Object.freeze({}));

/**
 * A call's site when it is where its task is awaited (see above): set on a pool call that
 * found its worker asleep (pool/job.ts siteBeforeRing). One for every copy of this module.
 */
export const AWAITED: { readonly stack?: string } = ((globalThis as Record<symbol, object | undefined>)[
  Symbol.for("tamed.siteAwaited")
] ??= Object.freeze({}));

/** What a cluster call keeps of its site (bullmq/calls.ts Call.site); the pool keeps the frames of it on its Job. */
export type Site = { readonly stack?: string } | undefined;

/** A call's site when recordsSite() said no: NOT_RECORDED, or none with `callSites: false`. */
export function unrecorded(setting: boolean | "all"): typeof NOT_RECORDED | undefined {
  return setting === false ? undefined : NOT_RECORDED;
}

type Fn = (...args: never[]) => unknown;

/**
 * The outermost of tamed's entry points running now (an executor's submit or map,
 * runAsync, a scope's spawn), set and cleared around its call by enter() and leave().
 * A site is captured above its frame: its frames, and tamed's own under it, are not the
 * caller's (before, an executor's call showed `#call` and `AsyncExecutor.submit` first).
 * State of this copy: tamed/bullmq's bundle takes callSite from `__internal` (internal.ts).
 */
let entry: Fn | undefined;
/**
 * The site of a call made earlier and started only now (an executor's call held back by
 * its maxThreads, started when another ends: the stack then is that other's settling).
 */
let given: Site;

/** `fn`, an entry point, is called: true when it is the outermost (then leave(true) after it). */
export function enter(fn: Fn): boolean {
  if (entry !== undefined || given !== undefined) return false;
  entry = fn;
  return true;
}

/**
 * Runs `start`, which starts a call made earlier whose site is `site`: that one, and not
 * an entry point running now (whose settling started it), is the call's.
 */
export function startWithSite<T>(site: Site, start: () => T): T {
  const [outerEntry, outerGiven] = [entry, given];
  entry = undefined;
  given = site;
  try {
    return start();
  } finally {
    [entry, given] = [outerEntry, outerGiven];
  }
}

export function leave(entered: boolean): void {
  if (entered) entry = given = undefined;
}

/**
 * Whether a call made now goes through an entry point (a scope's spawn, an executor's
 * submit or map, runAsync): their tasks are often never awaited one by one (a scope
 * awaits them), so such a call records its site where it is made, also after idling.
 */
export function throughEntry(): boolean {
  return entry !== undefined;
}

/** The site startWithSite() gave the call starting now, if any. */
export function givenSite(): Site {
  return given;
}

/** A call's site now, as `setting` and the calls `pending` decide: for calls held back, and the cluster's calls. */
export function callSite(setting: boolean | "all", pending: number, stub: Fn): Site {
  if (given !== undefined) return given;
  return recordsSite(setting, pending) ? captureSite(stub) : unrecorded(setting);
}

/** The function whose frame and those above it a call site leaves out: the entry point, or the stub called. */
export function siteAnchor(stub: Fn): Fn {
  return entry ?? stub;
}

/** A call site now, for the cluster's calls (the pool's jobs capture theirs in Job.captureSite). */
export function captureSite(stub: Fn): { readonly stack?: string } {
  const site = {};
  Error.captureStackTrace(site, entry ?? stub);
  return site;
}

/** `boundary` (the line naming where the call ran), then the frames of the call's site, or the line saying it was not recorded. */
export function framesUnder(boundary: string, site: Site): string {
  if (site === NOT_RECORDED) return boundary + NOT_RECORDED_FRAME;
  if (site === AWAITED) return boundary + AWAITED_FRAME;
  const s = site?.stack;
  const nl = s === undefined ? -1 : s.indexOf("\n"); // below its "Error" line
  return nl < 0 ? boundary : `${boundary}\n${s!.slice(nl + 1)}`;
}

/** The stack line that stands for a site not recorded. */
export const NOT_RECORDED_FRAME =
  '\n    at (call site not recorded: the call came in a burst, with many calls pending; configure({ callSites: "all" }) records every call\'s)';

/**
 * The stack line of a site to be recorded where the task is awaited (AWAITED), until an
 * await or a wait() replaces it; what it says if neither had when the stack was read.
 */
export const AWAITED_FRAME =
  '\n    at (call site not recorded: the call found its worker asleep, and its site is taken where its task is awaited or waited for, which no await or wait() had done when this stack was made; configure({ callSites: "all" }) records every call\'s where it is made)';

/** A frame V8 adds for a Promise combinator, which says nothing of where the caller is. */
const COMBINATOR_FRAME = /^\s*at async Promise\.\w+ \(index \d+\)$/;

/**
 * Replaces the AWAITED_FRAME line of `error`'s stack with the frames of where it is being
 * awaited or waited for now: the frames above `anchor` (wait()) and V8's async frames of
 * the functions awaiting the reaction that calls this. Once, and only with frames that
 * name a place (a `Promise.all(...)` no one awaits gives only its own): the line is gone
 * after. Never throws: a frozen error, a `stack` getter or a `prepareStackTrace` of the
 * program's keep their stack as it is, and the error goes on as it was.
 */
export function stitchAwaited(error: unknown, anchor: Fn): void {
  try {
    if (!(error instanceof Error)) return;
    const stack = error.stack;
    if (typeof stack !== "string") return;
    // The last one is this call's: an error rethrown by another marked function has its own under it.
    const at = stack.lastIndexOf(AWAITED_FRAME);
    if (at < 0) return;
    const site: { stack?: unknown } = {};
    Error.captureStackTrace(site, anchor);
    const frames = site.stack;
    if (typeof frames !== "string") return;
    const lines = frames.split("\n").slice(1);
    if (!lines.some((l) => !COMBINATOR_FRAME.test(l))) return; // nothing awaits it where a place shows
    const stitched = `${stack.slice(0, at)}\n${lines.join("\n")}${stack.slice(at + AWAITED_FRAME.length)}`;
    Object.defineProperty(error, "stack", { value: stitched, writable: true, configurable: true });
  } catch {
    // The stack stays as it was; the error itself is what matters.
  }
}

/**
 * The public function a wait() goes through (combinators.ts wait(promise)), set around its
 * call by waitThrough: a failure's frames begin above it, not above FutureState.wait.
 */
let waitEntry: Fn | undefined;

export function waitThrough<T>(anchor: Fn, body: () => T): T {
  const outer = waitEntry;
  waitEntry ??= anchor;
  try {
    return body();
  } finally {
    waitEntry = outer;
  }
}

/** stitchAwaited for a blocking wait through `method` (wait, result or block), or through waitThrough's function. */
export function stitchWaited(error: unknown, method: Fn): void {
  stitchAwaited(error, waitEntry ?? method);
}
