import { stamp as format } from "fake-luxon";
import { makeAsync } from "tamed";

export const stamp = makeAsync((ms: number): string => format(ms));
