import { Big } from "fake-big";
import { makeAsync } from "tamed";

export const quotient = makeAsync((a: number, b: number): string => `${Big.divide(a, b)} ${Big.apply("twice", a)}`);
