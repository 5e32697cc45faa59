// The same, with the state in the marked function's own file.
import { makeAsync } from "tamed";

let separator = ", ";

export function setSeparator(s: string): void {
  separator = s;
}

export const joinAll = makeAsync((items: string[]): string => items.join(separator));
