/**
 * The differential runner: every case's function is called with the same inputs on
 * worker threads and then inline (the runtime's inline mode runs the original function
 * on this thread, in the real module), and the two outcomes are compared.
 *
 * An outcome is the value after a structured clone, or for a thrown error its class,
 * name, message and own data properties (and, for the classes a case names, whether
 * the caller's thread sees an instance of that class). One line per case, e.g.
 *
 *   crc32-table-loop: equal
 *   crc32-table-loop: DIFFERENT (input 1 of 2: [ 'abc' ]) worker=4294967295 / inline=891568578
 *   map-set-registry: DIFFERENT (input 1 of 3: [ 'title', 'x' ]) worker threw RangeError: no formatter named 'title' / inline='X'
 *   overloads-jsdoc-on-first-signature: NOT A TASK (in worker mode the function returned no AsyncTask: it is not marked)
 *
 * then `unhandled rejection: ...` lines if any, and `summary: <n> cases, <m> equal, <k> unhandled rejections`.
 */
import { inspect, isDeepStrictEqual } from "node:util";
import { threadId } from "node:worker_threads";
import { AsyncTask, configure } from "tamed";

export interface Case {
  /** Short, kebab-case: the shape it stands for. */
  readonly name: string;
  /** A marked function, or a function that hands a function literal to runAsync/submit/map/spawn. */
  readonly fn: (...args: any[]) => unknown;
  /** One argument list per call. */
  readonly inputs: readonly (readonly unknown[])[];
  /**
   * False when `fn` is a plain function around a task (a literal given to submit/map/
   * spawn): its result cannot tell which thread ran. Otherwise `fn` must return a task
   * that ran on a worker, or the case fails: a marker that did not take leaves the
   * function on the main thread, where it would agree with itself.
   */
  readonly task?: false;
  /** Error classes a caller would test a thrown error against with `instanceof`. */
  readonly errors?: readonly (abstract new (...args: never[]) => Error)[];
}

type Outcome =
  | { readonly value: unknown }
  | { readonly threw: { readonly class: string; readonly name: string; readonly message: string; readonly props: Record<string, unknown>; readonly instanceOf: Record<string, boolean> } }
  | { readonly uncloneable: string }
  | { readonly hung: true };

/** A guard against a hung call, so that one case cannot stop the others from being reported; not an assertion on time. */
const HANG_MS = 30_000;

function errorShape(e: unknown, c: Case): Outcome {
  if (!(e instanceof Error) && (typeof e !== "object" || e === null || typeof (e as Error).message !== "string")) return { threw: { class: typeof e, name: "", message: String(e), props: {}, instanceOf: {} } };
  const err = e as Error;
  const props: Record<string, unknown> = {};
  for (const key of Object.keys(err)) {
    if (key === "stack" || key === "name" || key === "message") continue;
    try {
      props[key] = structuredClone((err as unknown as Record<string, unknown>)[key]);
    } catch {
      props[key] = `<uncloneable ${typeof (err as unknown as Record<string, unknown>)[key]}>`;
    }
  }
  const instanceOf: Record<string, boolean> = {};
  for (const C of c.errors ?? []) instanceOf[C.name] = err instanceof C;
  return { threw: { class: (err.constructor as { name?: string } | undefined)?.name ?? "?", name: String(err.name), message: String(err.message), props, instanceOf } };
}

interface Call {
  readonly outcome: Outcome;
  /** The thread a task ran on, when the function returned a task (else undefined); -1 for no task at all. */
  readonly thread: number | undefined;
}

async function call(c: Case, args: readonly unknown[]): Promise<Call> {
  let result: unknown;
  try {
    result = c.fn(...args);
  } catch (e) {
    return { outcome: errorShape(e, c), thread: -1 };
  }
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<"hung">((resolve) => (timer = setTimeout(() => resolve("hung"), HANG_MS)));
  try {
    const settled = await Promise.race([Promise.resolve(result).then((value) => ({ value }), (error: unknown) => ({ error })), hung]);
    if (settled === "hung") return { outcome: { hung: true }, thread: undefined };
    const thread = result instanceof AsyncTask ? result.threadId : -1;
    if ("error" in settled) return { outcome: errorShape(settled.error, c), thread };
    try {
      return { outcome: { value: structuredClone(settled.value) }, thread };
    } catch {
      return { outcome: { uncloneable: inspect(settled.value, { depth: 2 }) }, thread };
    }
  } finally {
    clearTimeout(timer);
  }
}

/** An outcome on one line; an error's own properties only when `detail` (the two errors agree on class and message). */
function show(o: Outcome, detail: boolean): string {
  let text: string;
  if ("value" in o) text = inspect(o.value, { depth: 4, breakLength: Infinity, maxArrayLength: 20, maxStringLength: 120 });
  else if ("threw" in o) {
    const t = o.threw;
    text = `threw ${t.class}${t.name !== t.class ? ` (name ${t.name})` : ""}: ${t.message.split("\n")[0]}`;
    if (detail) text += ` ${inspect(t.props, { depth: 2, breakLength: Infinity })} instanceof ${inspect(t.instanceOf, { breakLength: Infinity })}`;
  } else if ("uncloneable" in o) text = `uncloneable ${o.uncloneable}`;
  else text = `no outcome within ${HANG_MS / 1000} s (hung)`;
  text = text.replace(/\s*\n\s*/g, " ");
  return text.length > 400 ? `${text.slice(0, 400)}...` : text;
}

function verdict(c: Case, onWorkers: readonly Call[], inline: readonly Call[]): string {
  for (let i = 0; i < c.inputs.length; i++) {
    const w = onWorkers[i]!.outcome;
    const n = inline[i]!.outcome;
    if (isDeepStrictEqual(w, n)) continue;
    const input = `input ${i + 1} of ${c.inputs.length}: ${inspect(c.inputs[i], { depth: 3, breakLength: Infinity, maxStringLength: 60 })}`;
    const detail = "threw" in w && "threw" in n && w.threw.class === n.threw.class && w.threw.message === n.threw.message;
    const side = (label: string, o: Outcome): string => ("threw" in o ? `${label} ${show(o, detail)}` : `${label}=${show(o, detail)}`);
    return `DIFFERENT (${input}) ${side("worker", w)} / ${side("inline", n)}`;
  }
  if (c.task !== false) {
    if (onWorkers.some((w) => w.thread === -1)) return "NOT A TASK (in worker mode the function returned no AsyncTask: it is not marked)";
    if (onWorkers.some((w) => w.thread === threadId)) return `NOT ON A WORKER (in worker mode the task ran on thread ${threadId}, the calling thread)`;
  }
  return "equal";
}

/**
 * Runs every case on workers, then every case inline, and prints one line per case.
 * A rejection nobody handled (a task of a failed batch that no one awaited) is counted
 * and printed instead of ending the process, so that every case is still reported.
 */
export async function runCorpus(cases: readonly Case[]): Promise<void> {
  const unhandled: unknown[] = [];
  process.on("unhandledRejection", (reason) => void unhandled.push(reason));
  const names = new Set<string>();
  for (const c of cases) {
    if (names.has(c.name)) throw new Error(`two cases are named ${c.name}`);
    names.add(c.name);
  }
  configure({ inline: false }); // TAMED_INLINE=1 in the environment would make both runs inline
  const onWorkers: Call[][] = [];
  for (const c of cases) {
    const calls: Call[] = [];
    for (const args of c.inputs) calls.push(await call(c, args));
    onWorkers.push(calls);
  }
  configure({ inline: true });
  const inline: Call[][] = [];
  for (const c of cases) {
    const calls: Call[] = [];
    for (const args of c.inputs) calls.push(await call(c, args));
    inline.push(calls);
  }
  let equal = 0;
  for (const [i, c] of cases.entries()) {
    const v = verdict(c, onWorkers[i]!, inline[i]!);
    if (v === "equal") equal++;
    console.log(`${c.name}: ${v}`);
  }
  for (const reason of unhandled) console.log(`unhandled rejection: ${String(reason instanceof Error ? `${reason.name}: ${reason.message}` : reason).split("\n")[0]}`);
  console.log(`summary: ${cases.length} cases, ${equal} equal, ${unhandled.length} unhandled rejections`);
}
