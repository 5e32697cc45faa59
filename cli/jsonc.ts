/**
 * Just enough of a JSON-with-comments reader to edit a tsconfig.json in place: the
 * file's comments, trailing commas, order and indentation are the user's, so setup
 * inserts text at a position instead of printing the whole file again.
 */

export type JsonNode =
  | {
      readonly kind: "object";
      readonly start: number;
      readonly end: number;
      readonly props: readonly JsonProp[];
      readonly trailingComma: number | undefined;
    }
  | {
      readonly kind: "array";
      readonly start: number;
      readonly end: number;
      readonly items: readonly JsonNode[];
      readonly trailingComma: number | undefined;
    }
  | { readonly kind: "value"; readonly start: number; readonly end: number; readonly value: unknown };

export interface JsonProp {
  readonly key: string;
  readonly keyStart: number;
  readonly value: JsonNode;
}

export class JsoncError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = "JsoncError";
  }
}

export function parseJsonc(text: string): JsonNode {
  let i = 0;

  const skip = (): void => {
    for (;;) {
      while (i < text.length && /\s/.test(text[i]!)) i++;
      if (text.startsWith("//", i)) {
        const nl = text.indexOf("\n", i);
        i = nl < 0 ? text.length : nl + 1;
      } else if (text.startsWith("/*", i)) {
        const close = text.indexOf("*/", i + 2);
        if (close < 0) throw new JsoncError("unclosed /* comment", i);
        i = close + 2;
      } else return;
    }
  };

  const string = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') {
      const step = text[i] === "\\" ? 2 : 1;
      if (/[\r\n]/.test(text.slice(i, i + step))) throw new JsoncError("a string cannot span lines", start);
      i += step;
    }
    if (i >= text.length) throw new JsoncError("unclosed string", start);
    i++;
    const literal = text.slice(start, i);
    const bad = [...literal.matchAll(/\\(?:u[0-9a-fA-F]{4}|["\\/bfnrt]|(.?))/gs)].find((m) => m[1] !== undefined);
    if (bad !== undefined) throw new JsoncError(`invalid escape "${bad[0]}" in a string`, start + bad.index);
    // A tab (or another control character) typed in a string is itself, as tsc reads it.
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    const control = /[\u0000-\u001f]/g;
    return JSON.parse(literal.replace(control, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)) as string;
  };

  const value = (): JsonNode => {
    skip();
    const start = i;
    const c = text[i];
    if (c === "{") {
      i++;
      const props: JsonProp[] = [];
      let trailingComma: number | undefined;
      for (;;) {
        skip();
        if (text[i] === "}") break;
        if (text[i] !== '"') throw new JsoncError(`expected a property name or "}"`, i);
        const keyStart = i;
        const key = string();
        skip();
        if (text[i] !== ":") throw new JsoncError(`expected ":" after "${key}"`, i);
        i++;
        props.push({ key, keyStart, value: value() });
        skip();
        trailingComma = undefined;
        if (text[i] === ",") {
          trailingComma = i;
          i++;
        } else if (text[i] !== "}") throw new JsoncError(`expected "," or "}"`, i);
      }
      i++;
      return { kind: "object", start, end: i, props, trailingComma };
    }
    if (c === "[") {
      i++;
      const items: JsonNode[] = [];
      let trailingComma: number | undefined;
      for (;;) {
        skip();
        if (text[i] === "]") break;
        items.push(value());
        skip();
        trailingComma = undefined;
        if (text[i] === ",") {
          trailingComma = i;
          i++;
        } else if (text[i] !== "]") throw new JsoncError(`expected "," or "]"`, i);
      }
      i++;
      return { kind: "array", start, end: i, items, trailingComma };
    }
    if (c === '"') return { kind: "value", start, value: string(), end: i };
    const m = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i));
    if (m === null) throw new JsoncError("expected a value", i);
    i += m[0].length;
    return { kind: "value", start, end: i, value: JSON.parse(m[0]) };
  };

  const root = value();
  skip();
  if (i < text.length) throw new JsoncError("unexpected text after the end", i);
  return root;
}

/** The plain value of a node (comments gone). */
export function plain(node: JsonNode): unknown {
  if (node.kind === "value") return node.value;
  if (node.kind === "array") return node.items.map(plain);
  return Object.fromEntries(node.props.map((p) => [p.key, plain(p.value)]));
}

export function prop(node: JsonNode | undefined, key: string): JsonProp | undefined {
  return node?.kind === "object" ? node.props.find((p) => p.key === key) : undefined;
}

/** The whitespace that starts the line holding `offset`. */
function indentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** One level of the file's indentation: its first indented line's, else two spaces. */
function indentUnit(text: string): string {
  return /\n([ \t]+)\S/.exec(text)?.[1] ?? "  ";
}

/** The file's line break: CRLF when its first line ends with one, else LF. */
function newline(text: string): string {
  return text[text.indexOf("\n") - 1] === "\r" ? "\r\n" : "\n";
}

function insert(text: string, at: number, what: string): string {
  return text.slice(0, at) + what + text.slice(at);
}

/**
 * Appends `entry` (JSON text) to a container: after its last member (and its comma,
 * if it has a trailing one), on a new line when the container spans lines.
 */
function append(text: string, node: Extract<JsonNode, { kind: "object" | "array" }>, entry: string): string {
  const members =
    node.kind === "object" ? node.props.map((p) => ({ start: p.keyStart, end: p.value.end })) : node.items;
  const multiline = text.slice(node.start, node.end).includes("\n");
  if (members.length === 0) {
    if (!multiline) return insert(text, node.start + 1, node.kind === "object" ? ` ${entry} ` : entry);
    const inner = indentAt(text, node.start) + indentUnit(text);
    return insert(text, node.start + 1, `${newline(text)}${inner}${entry}`);
  }
  const last = members[members.length - 1]!;
  const at = node.trailingComma !== undefined ? node.trailingComma + 1 : last.end;
  const comma = node.trailingComma !== undefined ? "" : ",";
  if (!multiline) return insert(text, at, `${comma} ${entry}`);
  return insert(text, at, `${comma}${newline(text)}${indentAt(text, last.start)}${entry}`);
}

export const PLUGIN = { transform: "tamed/transformer" } as const;

/** Whether `compilerOptions.plugins` lists tamed's transformer. */
export function hasPlugin(root: JsonNode): boolean {
  const plugins = prop(prop(root, "compilerOptions")?.value, "plugins")?.value;
  return (
    plugins?.kind === "array" &&
    plugins.items.some((p) => (plain(p) as { transform?: unknown } | null)?.transform === PLUGIN.transform)
  );
}

/** The tsconfig text with tamed's transformer added to `compilerOptions.plugins`, or the same text if it is there. */
export function addPlugin(text: string): string {
  const root = parseJsonc(text);
  if (root.kind !== "object") throw new JsoncError("a tsconfig.json holds an object", root.start);
  if (hasPlugin(root)) return text;
  const entry = JSON.stringify(PLUGIN).replace(/":"/g, '": "').replace(/^\{/, "{ ").replace(/\}$/, " }");
  const options = prop(root, "compilerOptions")?.value;
  if (options === undefined) return append(text, root, `"compilerOptions": { "plugins": [${entry}] }`);
  if (options.kind !== "object") throw new JsoncError(`"compilerOptions" is not an object`, options.start);
  const plugins = prop(options, "plugins")?.value;
  if (plugins === undefined) return append(text, options, `"plugins": [${entry}]`);
  if (plugins.kind !== "array") throw new JsoncError(`"compilerOptions.plugins" is not an array`, plugins.start);
  return append(text, plugins, entry);
}

/** Line and column (1-based) of an offset, for messages. */
export function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset);
  return `${before.split("\n").length}:${offset - before.lastIndexOf("\n")}`;
}

/**
 * The tsconfig text with "node" in `compilerOptions.types`, where tsc would not load
 * @types/node otherwise (tamed's declarations import node:worker_threads): a `types`
 * list without it gets it; none at all gets `["node"]` when `typesDefault` is false
 * (TypeScript 6 loads no @types package unless listed). The same text when nothing is needed.
 */
/** Adds `"name": value` to compilerOptions, which does not set it yet (`"rootDir": "src"`). */
export function addCompilerOption(text: string, name: string, value: string): string {
  const root = parseJsonc(text);
  if (root.kind !== "object") throw new JsoncError("a tsconfig.json holds an object", root.start);
  const entry = `${JSON.stringify(name)}: ${JSON.stringify(value)}`;
  const options = prop(root, "compilerOptions")?.value;
  if (options === undefined) return append(text, root, `"compilerOptions": { ${entry} }`);
  if (options.kind !== "object") throw new JsoncError(`"compilerOptions" is not an object`, options.start);
  if (prop(options, name) !== undefined) return text;
  return append(text, options, entry);
}

export function addNodeTypes(text: string, typesDefault: boolean): string {
  const root = parseJsonc(text);
  if (root.kind !== "object") throw new JsoncError("a tsconfig.json holds an object", root.start);
  const options = prop(root, "compilerOptions")?.value;
  if (options !== undefined && options.kind !== "object")
    throw new JsoncError(`"compilerOptions" is not an object`, options.start);
  const types = prop(options, "types")?.value;
  if (types === undefined) {
    if (typesDefault) return text;
    return options === undefined
      ? append(text, root, `"compilerOptions": { "types": ["node"] }`)
      : append(text, options, `"types": ["node"]`);
  }
  if (types.kind !== "array") throw new JsoncError(`"compilerOptions.types" is not an array`, types.start);
  const listed = types.items.map(plain);
  if (listed.includes("node") || listed.includes("@types/node") || (!typesDefault && listed.includes("*"))) return text;
  return append(text, types, `"node"`);
}
