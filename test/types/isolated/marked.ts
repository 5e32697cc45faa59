// With isolatedDeclarations every exported value needs an annotation its declaration file
// can be written from: Marked<F> is the type a marker gives a function of type F.
import { makeAsync, tamed, type AsyncTask, type Marked, type Unfuture } from "tamed";
import { expectTrue, type Equal } from "../expect.js";

export const double: Marked<(x: number) => number> = makeAsync((x: number): number => x * 2);
export const fetchLen: Marked<(url: string) => Promise<number>> = tamed(async (url: string): Promise<number> => url.length);

expectTrue<Equal<typeof double, (x: number | Unfuture<number>) => AsyncTask<number>>>();
expectTrue<Equal<ReturnType<typeof fetchLen>, AsyncTask<number>>>();
