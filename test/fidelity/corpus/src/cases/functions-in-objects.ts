// Functions reached through an object that holds them (a library's namespace object, `const
// sql = { tag }`), called as the module loads: what the call changes is setup. The shorthand
// property names the function itself; a property given a function literal is that literal.
import { makeAsync } from "tamed";

const SEEN: string[] = [];
function tag(name: string): void {
  SEEN.push(name);
}
const sql = { tag };
sql.tag("shorthand");
const api = { tag: tag, upper: (name: string): number => SEEN.push(name.toUpperCase()) };
api.tag("named");
api.upper("literal");
sql["tag"]("element");
// Called as plainly through `.call`, `.apply` and a comma: `(0, sql.tag)(...)` is what bundlers emit.
tag.call(null, "call");
sql.tag.apply(undefined, ["apply"]);
(0, sql.tag)("comma");

export const seenAtLoad = makeAsync((last: string): string => [...SEEN, last].join(","));
