import { awaitAll, awaitFirst, configure, makeAsync, setMaxThreads, Unfuture } from "tamed";
import { expectTrue, type Equal } from "./expect.js";

const num = makeAsync((x: number): number => x);
const str = makeAsync((x: string): string => x);

// awaitAll keeps each position's type, for tuples and for arrays.
const both = awaitAll([num(1), str("a")]);
expectTrue<Equal<typeof both, Unfuture<[number, string]>>>();
expectTrue<Equal<ReturnType<typeof both.wait>, [number, string]>>();
const many = awaitAll([1, 2, 3].map((i) => num(i)));
expectTrue<Equal<Awaited<typeof many>, number[]>>();

const first = awaitFirst([num(1), num(2)]);
expectTrue<Equal<typeof first, Unfuture<number>>>();

// Unfuture by hand.
const u = new Unfuture<string>();
u.setResult("x");
// @ts-expect-error: the value has the future's type
u.setResult(1);
expectTrue<Equal<Awaited<typeof u>, string>>();
expectTrue<Equal<typeof Unfuture.from, <T>(value: T | PromiseLike<T>) => Unfuture<Awaited<T>>>>();

setMaxThreads(2);
// @ts-expect-error: a number of threads
setMaxThreads("2");
configure({ maxThreads: 2, inline: false });
// @ts-expect-error: unknown options are type errors too
configure({ maxThread: 2 });
