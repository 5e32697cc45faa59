// More writes at load that do not look like writes: a mutator called by element access
// (`NAMES["push"]("z")`), a table filled through a class's static getter, and an iterator
// used up by a for-of loop or a spread (its next() now says done).
import { makeAsync } from "tamed";

const NAMES = ["x", "y"];
NAMES["push"]("z");
const SEEN = new Map<string, number>();
const method = "set";
SEEN[method]("a", 1);

const T = new Map<string, number>();
class Api {
  static get table(): Map<string, number> {
    return T;
  }
}
Api.table.set("b", 2);

const LETTERS = ["p", "q"][Symbol.iterator]();
for (const l of LETTERS) if (l === "z") break;
const DIGITS = [1, 2][Symbol.iterator]();
const spread = [...DIGITS];

export const shapes = makeAsync((): string =>
  JSON.stringify({
    names: NAMES,
    seen: [...SEEN],
    t: [...T],
    letters: LETTERS.next().done,
    digits: DIGITS.next().done,
    spread: spread.length,
  }),
);
