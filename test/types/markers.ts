import { AsyncTask, makeAsync, tamed, Unfuture, type DelayedResult } from "tamed";
import { expectTrue, type Equal } from "./expect.js";

const add = makeAsync((a: number, b: number): number => a + b);
// Each argument may also be a task (or Unfuture) of its type: awaited before the call.
expectTrue<Equal<typeof add, (a: number | Unfuture<number>, b: number | Unfuture<number>) => AsyncTask<number>>>();
add(add(1, 2), 3);
// @ts-expect-error: a task of the wrong type is not accepted either
add(makeAsync((s: string): string => s)("x"), 1);
expectTrue<Equal<ReturnType<typeof add>, DelayedResult<number>>>();

// The task is a Promise of the result, and wait() returns the result.
const t = add(1, 2);
expectTrue<Equal<Awaited<typeof t>, number>>();
expectTrue<Equal<ReturnType<typeof t.wait>, number>>();
const p: Promise<number> = t;
void p;

// @ts-expect-error: a task is not a number
const n: number = add(1, 2);
void n;
// @ts-expect-error: arguments keep their types
add("1", 2);
// @ts-expect-error: and their number
add(1);

// A function returning a promise: the task is of what it resolves to.
const fetchLen = makeAsync(async (s: string): Promise<number> => s.length);
expectTrue<Equal<ReturnType<typeof fetchLen>, AsyncTask<number>>>();

const echo = tamed(async (msg: string, ms: number): Promise<string> => msg + ms);
expectTrue<Equal<typeof echo, (msg: string | Unfuture<string>, ms: number | Unfuture<number>) => AsyncTask<string>>>();
// @ts-expect-error: tamed() takes a function that returns a promise
tamed((x: number): number => x);

// Optional and rest parameters are kept.
const opt = makeAsync((a: number, b?: string, ...rest: boolean[]): string => `${a}${b}${rest.length}`);
expectTrue<Equal<Parameters<typeof opt>, [a: number | Unfuture<number>, b?: string | Unfuture<string | undefined> | undefined, ...rest: (boolean | Unfuture<boolean>)[]]>>();

// The task's members.
expectTrue<Equal<typeof t.status, "pending" | "running" | "success" | "failure" | "cancelled">>();
expectTrue<Equal<typeof t.value, number>>();
expectTrue<Equal<typeof t.exception, unknown>>();
expectTrue<Equal<typeof t.threadId, number | undefined>>();
expectTrue<Equal<typeof t.fn, string>>();

// A parameter with a default and no annotation is typed by its default, as outside a marker.
const pad = makeAsync((s: string, width = 8, fill = "·"): string => fill.repeat(width) + s);
expectTrue<Equal<Parameters<typeof pad>, [s: string | Unfuture<string>, width?: number | Unfuture<number | undefined> | undefined, fill?: string | Unfuture<string | undefined> | undefined]>>();
const later = tamed(async (ms = 10) => ms * 2);
expectTrue<Equal<ReturnType<typeof later>, AsyncTask<number>>>();
// A generic function's type parameters become their constraints.
const first = makeAsync(<T extends string | number>(xs: T[]): T => xs[0]!);
expectTrue<Equal<typeof first, (xs: (string | number)[] | Unfuture<(string | number)[]>) => AsyncTask<string | number>>>();
