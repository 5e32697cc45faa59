import { inspect } from "node:util";
import { makeAsync } from "tamed";

export const show = makeAsync((value: unknown): string => inspect(value));
