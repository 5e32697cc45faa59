// Tables of functions, called by a key the caller chooses: an object literal (arrows and
// methods) looked up by a computed key, a Record filled by property assignments, an object
// handed to a register function, a function stored on globalThis, a class's methods picked
// by name on an instance. Each function reads module-level constants of its file; a worker
// that has the table must have those too. A table typed by an interface or a type alias is
// picked from by name (`shapes.area(n)`): the checker resolves the name to the interface's
// member, not to the function stored; a table of tables read through another name too.
import { makeAsync } from "tamed";

const PREFIX = ">";
const SUFFIX = "<";
const WIDTH = 6;
const GLOBAL_TAG = "g";

const formatters: Record<string, (s: string) => string> = {
  upper: (s) => PREFIX + s.toUpperCase(),
  lower(s) {
    return s.toLowerCase() + SUFFIX;
  },
};

const padders: Record<string, (s: string) => string> = {};
padders.left = (s) => s.padStart(WIDTH, ".");
padders["right"] = function (s) {
  return s.padEnd(WIDTH, ".");
};

const handlers = new Map<string, { run: (s: string) => string }>();
function register(name: string, handler: { run: (s: string) => string }): void {
  handlers.set(name, handler);
}
register("wrap", { run: (s) => `${PREFIX}${s}${SUFFIX}` });

(globalThis as unknown as { tagged: (s: string) => string }).tagged = (s) => `${GLOBAL_TAG}:${s}`;

const STARS = "**";
class Commands {
  shout(s: string): string {
    return s.toUpperCase() + STARS;
  }
  whisper(s: string): string {
    return `(${s})`;
  }
}
const commands = new Commands();

const UNIT = "u";
const SIDES = 4;
interface Shapes {
  area(n: number): string;
  perimeter: (n: number) => string;
}
const shapes: Shapes = {
  area: (n) => `${n * n}${UNIT}`,
  perimeter(n) {
    return `${n * SIDES}${UNIT}`;
  },
};
type Groups = { text: { trim: (s: string) => string } };
const MARK = "|";
const groups: Groups = { text: { trim: (s) => MARK + s.trim() + MARK } };

export const applyFormat = makeAsync((table: string, name: string, s: string): string => {
  if (table === "formatters") return formatters[name]!(s);
  if (table === "padders") return padders[name]!(s);
  if (table === "handlers") return handlers.get(name)!.run(s);
  if (table === "commands") return commands[name as "shout" | "whisper"](s);
  if (table === "shapes") return name === "area" ? shapes.area(s.length) : shapes.perimeter(s.length);
  if (table === "groups") {
    const text = groups.text;
    return text.trim(s);
  }
  return (globalThis as unknown as { tagged: (s: string) => string }).tagged(s);
});
