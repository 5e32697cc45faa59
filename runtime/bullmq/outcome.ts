/**
 * How a job's outcome settles its call's task on the caller's side: a value, the remote
 * error rebuilt with its class and the caller's own frames under a line naming the worker
 * process, a cancel, or a build skew.
 */
import { framesUnder } from "../call-sites.js";
import { __internal, BuildMismatchError } from "../bundle.js";
import type { ErrorClasses, StubSpec, Wire } from "../internal.js";
import { locate } from "./build.js";
import type { Call } from "./calls.js";
import { CANCELLED, OK, SKEW, THREW, type Outcome } from "./wire.js";

const { fromWire } = __internal;
const kSettle: typeof __internal.kSettle = __internal.kSettle;

/** Settles the call's task with outcome `o`. */
export function apply(call: Call, o: Outcome): void {
  const task = call.task;
  const worker = workerOf(o);
  const threadId = o[3] ?? undefined;
  task.taken(worker, threadId);
  const name = call.spec.name;
  if (o[0] === OK) task[kSettle](true, o[1]);
  else if (o[0] === THREW)
    task[kSettle](false, fromWire(o[1] as Wire, callerFrames(call, worker, threadId), undefined, classesOf(call.spec)));
  else if (o[0] === CANCELLED) task.cancelled(call.cancel?.reason ?? o[1]);
  else if (o[0] === SKEW)
    task[kSettle](false, new BuildMismatchError(name, locate(call.spec.url).build.tag, o[1], worker));
}

/**
 * The worker process named in an outcome. A worker of a tamed version before wire 2 (see
 * wire.ts) answers a job of this one with a skew whose third item is `{ worker, threadId }`.
 */
function workerOf(o: Outcome): string {
  const w = o[2] as unknown;
  return typeof w === "string" ? w : String((w as { worker?: unknown } | null)?.worker);
}

/** The caller's frames under a line naming the worker process and thread that ran the call. */
function callerFrames(call: Call, worker: string, threadId: number | undefined): string {
  return framesUnder(`    at ${call.spec.name} (tamed cluster worker ${worker}, thread ${threadId ?? "?"})`, call.site);
}

const classCache = new WeakMap<StubSpec, ErrorClasses | undefined>();

/** The stub's error classes (the descriptor's `errors`), in order: a wire error names its class by index. */
function classesOf(spec: StubSpec): ErrorClasses | undefined {
  if (spec.errors === undefined) return undefined;
  let m = classCache.get(spec);
  if (m === undefined) {
    try {
      m = spec.errors();
    } catch {
      m = undefined;
    }
    classCache.set(spec, m);
  }
  return m;
}
