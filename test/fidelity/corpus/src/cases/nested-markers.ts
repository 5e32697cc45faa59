// A marked function that calls another (on a worker, the inner call runs inline there).
import { makeAsync } from "tamed";

const OFFSET = 1000;
const BIAS: number[] = [];
for (let i = 0; i < 10; i++) BIAS.push(i * 7);

export const score = makeAsync((x: number): number => OFFSET + x * x + (BIAS[x % 10] ?? 0));

export const totalScore = makeAsync((xs: number[]): number => xs.map((x) => score(x).wait()).reduce((a, b) => a + b, 0));
