// A table filled at load through a getter that returns it (`api.table.set(...)`).
import { makeAsync } from "tamed";

const T = new Map<string, number>();
const api = {
  get table(): Map<string, number> {
    return T;
  },
};
api.table.set("a", 1);
api.table.set("b", 2);

export const lookup = makeAsync((k: string): number => T.get(k) ?? -1);
