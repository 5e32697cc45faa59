// cli/jsonc.ts: the JSON-with-comments reader that setup and doctor use on tsconfig.json,
// and the in-place edit that adds tamed's transformer to compilerOptions.plugins.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { addPlugin, hasPlugin, JsoncError, lineCol, parseJsonc, plain, prop, PLUGIN } from "../../dist/cli/jsonc.js";

const read = (text) => plain(parseJsonc(text));

/** The JsoncError parseJsonc(text) throws, as "message @ offset". */
function failure(fn) {
  try {
    fn();
  } catch (e) {
    assert.instance(e, JsoncError);
    assert.is(e.name, "JsoncError");
    return `${e.message} @ ${e.offset}`;
  }
  assert.unreachable("no JsoncError");
}

const ENTRY = `{ "transform": "tamed/transformer" }`;

// --- reading

test("plain JSON reads as JSON.parse reads it", () => {
  const json = `{"a": 1, "b": [true, false, null, -2.5e3, "s"], "c": {"d": {}} , "e": []}`;
  assert.equal(read(json), JSON.parse(json));
});

test("line and block comments are skipped wherever whitespace may be", () => {
  const text = `// head
/* block
   over lines */ { // after brace
  "a" /* before colon */ : /* before value */ 1 /* before comma */, // end of line
  "b": [ /* in array */ 2 // last
  ]
} // tail`;
  assert.equal(read(text), { a: 1, b: [2] });
});

test("trailing commas in objects and arrays are accepted, and their offset kept", () => {
  const text = `{"a": [1, 2,], "b": 3,}`;
  assert.equal(read(text), { a: [1, 2], b: 3 });
  const root = parseJsonc(text);
  assert.is(root.trailingComma, text.lastIndexOf(","));
  assert.is(prop(root, "a").value.trailingComma, text.indexOf(",]"));
  assert.is(parseJsonc(`{"a": 1}`).trailingComma, undefined);
});

test("comment markers and braces inside strings are text", () => {
  assert.equal(read(`{"url": "http://example.com/*x*/", "s": "} // ]"}`), {
    url: "http://example.com/*x*/",
    s: "} // ]",
  });
});

test("escaped quotes, backslashes and unicode escapes in strings and keys are decoded", () => {
  assert.equal(read(String.raw`{"q\"k": "a\"b\\", "compiler\u004fptions": "\u00e9\n"}`), {
    'q"k': 'a"b\\',
    compilerOptions: "é\n",
  });
});

test("nodes carry the offsets of their text: start, end and key start", () => {
  const text = `{ "k": [1, "two"] }`;
  const root = parseJsonc(text);
  assert.is(root.kind, "object");
  assert.is(root.start, 0);
  assert.is(root.end, text.length);
  const k = prop(root, "k");
  assert.is(k.keyStart, 2);
  assert.is(k.value.kind, "array");
  assert.is(text.slice(k.value.start, k.value.end), `[1, "two"]`);
  assert.equal(
    k.value.items.map((n) => text.slice(n.start, n.end)),
    ["1", `"two"`],
  );
});

test("a value at the top need not be an object; whitespace and comments may surround it", () => {
  assert.is(read(" 42 // answer\n"), 42);
  assert.is(read(`"s"`), "s");
  assert.equal(read("[]"), []);
});

test("a byte order mark before the text is skipped", () => {
  assert.equal(read('\uFEFF{"a": 1}'), { a: 1 });
});

test("prop finds a key of an object and nothing in other nodes", () => {
  const root = parseJsonc(`{"a": {"b": 1}}`);
  assert.is(plain(prop(prop(root, "a").value, "b").value), 1);
  assert.is(prop(root, "missing"), undefined);
  assert.is(prop(parseJsonc("[1]"), "0"), undefined);
  assert.is(prop(undefined, "a"), undefined);
});

// --- errors

test("an unclosed block comment is an error at the comment", () => {
  assert.is(
    failure(() => parseJsonc(`{"a": 1 /* never closed }`)),
    "unclosed /* comment @ 8",
  );
});

test("an unclosed string is an error at its opening quote, also when it ends in a backslash", () => {
  assert.is(
    failure(() => parseJsonc(`{"a": "open}`)),
    "unclosed string @ 6",
  );
  assert.is(
    failure(() => parseJsonc(`{"a": "x\\`)),
    "unclosed string @ 6",
  );
});

test("a missing colon, comma or closing bracket is an error where it was expected", () => {
  assert.is(
    failure(() => parseJsonc(`{"a" 1}`)),
    `expected ":" after "a" @ 5`,
  );
  assert.is(
    failure(() => parseJsonc(`{"a": 1 "b": 2}`)),
    `expected "," or "}" @ 8`,
  );
  assert.is(
    failure(() => parseJsonc(`[1 2]`)),
    `expected "," or "]" @ 3`,
  );
  assert.is(
    failure(() => parseJsonc(`{"a": 1`)),
    `expected "," or "}" @ 7`,
  );
});

test("an unquoted key, a single-quoted string or a bare word is an error at it", () => {
  assert.is(
    failure(() => parseJsonc(`{a: 1}`)),
    `expected a property name or "}" @ 1`,
  );
  assert.is(
    failure(() => parseJsonc(`{"a": 'x'}`)),
    "expected a value @ 6",
  );
  assert.is(
    failure(() => parseJsonc(`{"a": yes}`)),
    "expected a value @ 6",
  );
});

test("a tab typed inside a string reads as a tab, as tsc reads it", () => {
  assert.equal(read(`{"description": "a\tb"}`), { description: "a\tb" });
});

test("a line break inside a string is a JsoncError at the string, not a SyntaxError from JSON.parse", () => {
  assert.is(
    failure(() => parseJsonc(`{"a": "x\ny"}`)),
    "a string cannot span lines @ 6",
  );
  assert.is(
    failure(() => parseJsonc(`{"a\r\nb": 1}`)),
    "a string cannot span lines @ 1",
  );
});

test("a bad escape in a string is a JsoncError at the escape; escaped backslashes are not escapes", () => {
  assert.is(
    failure(() => parseJsonc(String.raw`{"a": "C:\temp\x"}`)),
    String.raw`invalid escape "\x" in a string @ 14`,
  );
  assert.equal(read(String.raw`{"p": "C:\\x\\u0041", "q": "\/\b\f\r\t"}`), { p: "C:\\x\\u0041", q: "/\b\f\r\t" });
  assert.is(
    failure(() => parseJsonc(String.raw`{"a": "\u12"}`)),
    String.raw`invalid escape "\u" in a string @ 7`,
  );
});

test("a number with a leading zero is a JsoncError at the digit after the zero", () => {
  assert.is(
    failure(() => parseJsonc(`{"a": 01}`)),
    `expected "," or "}" @ 7`,
  );
});

test("empty text, or only comments, is an error at its end", () => {
  assert.is(
    failure(() => parseJsonc("")),
    "expected a value @ 0",
  );
  assert.is(
    failure(() => parseJsonc("// nothing\n")),
    "expected a value @ 11",
  );
});

test("text after the value is an error at that text", () => {
  assert.is(
    failure(() => parseJsonc(`{} {}`)),
    "unexpected text after the end @ 3",
  );
  assert.is(
    failure(() => parseJsonc(`{}}`)),
    "unexpected text after the end @ 2",
  );
});

test("lineCol gives the 1-based line and column of an offset", () => {
  const text = `{\n  "a": 1\n  "b": 2\n}`;
  assert.is(lineCol(text, 0), "1:1");
  assert.is(lineCol(text, 1), "1:2");
  assert.is(lineCol(text, 2), "2:1");
  assert.is(lineCol(text, text.indexOf(`"b"`)), "3:3");
  assert.is(lineCol(text, text.length), "4:2");
});

test("lineCol counts a CRLF line ending as one line break", () => {
  const text = `{\r\n  "a": 1\r\n  "b": 2\r\n}`;
  assert.is(lineCol(text, text.indexOf(`"b"`)), "3:3");
});

test("lineCol of a parse error points at the offending token", () => {
  const text = `{\n  "compilerOptions": {\n    "strict": true\n    "target": "es2022"\n  }\n}`;
  try {
    parseJsonc(text);
    assert.unreachable();
  } catch (e) {
    assert.is(lineCol(text, e.offset), "4:5");
    assert.is(e.message, `expected "," or "}"`);
  }
});

// --- hasPlugin

test("hasPlugin finds tamed's transformer among compilerOptions.plugins", () => {
  assert.ok(
    hasPlugin(
      parseJsonc(
        `{"compilerOptions": {"plugins": [{"transform": "other"}, {"transform": "tamed/transformer", "x": 1}]}}`,
      ),
    ),
  );
});

test("hasPlugin is false without compilerOptions, without plugins, with other plugins or entries that are not objects", () => {
  assert.not.ok(hasPlugin(parseJsonc(`{}`)));
  assert.not.ok(hasPlugin(parseJsonc(`{"compilerOptions": {}}`)));
  assert.not.ok(hasPlugin(parseJsonc(`{"compilerOptions": {"plugins": []}}`)));
  assert.not.ok(
    hasPlugin(
      parseJsonc(`{"compilerOptions": {"plugins": [{"transform": "tamed"}, null, "tamed/transformer", 3, []]}}`),
    ),
  );
  assert.not.ok(hasPlugin(parseJsonc(`{"compilerOptions": {"plugins": {"transform": "tamed/transformer"}}}`)));
  assert.not.ok(hasPlugin(parseJsonc(`[{"compilerOptions": {"plugins": [{"transform": "tamed/transformer"}]}}]`)));
});

test("a plugin entry that is commented out does not count", () => {
  assert.not.ok(
    hasPlugin(parseJsonc(`{"compilerOptions": {"plugins": [ /* {"transform": "tamed/transformer"} */ ]}}`)),
  );
  assert.not.ok(
    hasPlugin(parseJsonc(`{"compilerOptions": {"plugins": [\n // {"transform": "tamed/transformer"}\n]}}`)),
  );
});

test("the entry added is { transform: 'tamed/transformer' }", () => {
  assert.equal(PLUGIN, { transform: "tamed/transformer" });
});

// --- addPlugin

test("a file that has the plugin is returned as it is", () => {
  const text = `{ /* mine */ "compilerOptions": { "plugins": [ { "transform": "tamed/transformer" } ] } }`;
  assert.is(addPlugin(text), text);
});

test("plugins are added after the last compiler option, on its own line at its indentation, comments kept", () => {
  const text = `{
  // project settings
  "compilerOptions": {
    "target": "es2022", /* modern */
    "strict": true
  }
}
`;
  assert.is(
    addPlugin(text),
    `{
  // project settings
  "compilerOptions": {
    "target": "es2022", /* modern */
    "strict": true,
    "plugins": [${ENTRY}]
  }
}
`,
  );
});

test("after a trailing comma no second comma is added", () => {
  const text = `{\n  "compilerOptions": {\n    "strict": true,\n  },\n}\n`;
  assert.is(addPlugin(text), `{\n  "compilerOptions": {\n    "strict": true,\n    "plugins": [${ENTRY}]\n  },\n}\n`);
});

test("the entry is appended to existing plugins, on one line or on its own", () => {
  assert.is(
    addPlugin(`{ "compilerOptions": { "plugins": [{ "transform": "other" }] } }`),
    `{ "compilerOptions": { "plugins": [{ "transform": "other" }, ${ENTRY}] } }`,
  );
  assert.is(
    addPlugin(`{\n  "compilerOptions": {\n    "plugins": [\n      { "transform": "other" }\n    ]\n  }\n}`),
    `{\n  "compilerOptions": {\n    "plugins": [\n      { "transform": "other" },\n      ${ENTRY}\n    ]\n  }\n}`,
  );
});

test("an empty plugins array gets the entry, inline or one level in", () => {
  assert.is(addPlugin(`{ "compilerOptions": { "plugins": [] } }`), `{ "compilerOptions": { "plugins": [${ENTRY}] } }`);
  assert.is(
    addPlugin(`{\n  "compilerOptions": {\n    "plugins": [\n    ]\n  }\n}`),
    `{\n  "compilerOptions": {\n    "plugins": [\n      ${ENTRY}\n    ]\n  }\n}`,
  );
});

test("an empty compilerOptions gets plugins", () => {
  assert.is(addPlugin(`{ "compilerOptions": {} }`), `{ "compilerOptions": { "plugins": [${ENTRY}] } }`);
});

test("without compilerOptions, it is added at the end of the file's object, after extends and the rest", () => {
  assert.is(
    addPlugin(`{\n  "extends": "./base.json",\n  "include": ["src"]\n}`),
    `{\n  "extends": "./base.json",\n  "include": ["src"],\n  "compilerOptions": { "plugins": [${ENTRY}] }\n}`,
  );
  assert.is(addPlugin(`{}`), `{ "compilerOptions": { "plugins": [${ENTRY}] } }`);
  assert.is(addPlugin(`{\n}`), `{\n  "compilerOptions": { "plugins": [${ENTRY}] }\n}`);
});

test("a file indented with tabs gets tabs", () => {
  assert.is(
    addPlugin(`{\n\t"compilerOptions": {\n\t\t"strict": true\n\t}\n}\n`),
    `{\n\t"compilerOptions": {\n\t\t"strict": true,\n\t\t"plugins": [${ENTRY}]\n\t}\n}\n`,
  );
});

test("a file with CRLF line endings keeps CRLF on the lines added", () => {
  assert.is(
    addPlugin(`{\r\n  "compilerOptions": {\r\n    "strict": true\r\n  }\r\n}\r\n`),
    `{\r\n  "compilerOptions": {\r\n    "strict": true,\r\n    "plugins": [${ENTRY}]\r\n  }\r\n}\r\n`,
  );
  assert.is(
    addPlugin(`{\r\n  "compilerOptions": {\r\n    "plugins": [\r\n    ]\r\n  }\r\n}`),
    `{\r\n  "compilerOptions": {\r\n    "plugins": [\r\n      ${ENTRY}\r\n    ]\r\n  }\r\n}`,
  );
});

test("an empty multi-line container takes the file's indentation unit one level in", () => {
  assert.is(
    addPlugin(`{\n    "compilerOptions": {\n    }\n}`),
    `{\n    "compilerOptions": {\n        "plugins": [${ENTRY}]\n    }\n}`,
  );
});

test("the result reads back with the plugin, and everything else as it was", () => {
  const text = `{\n  "extends": "./base", // base\n  "compilerOptions": { "outDir": "dist", "plugins": [ { "transform": "x" }, ] },\n  "include": ["src/**/*.ts"],\n}`;
  const next = addPlugin(text);
  assert.ok(hasPlugin(parseJsonc(next)));
  const before = read(text);
  before.compilerOptions.plugins.push(PLUGIN);
  assert.equal(read(next), before);
  assert.is(addPlugin(next), next);
});

test("a file that is not an object, or whose compilerOptions or plugins have the wrong kind, is an error at that value", () => {
  assert.is(
    failure(() => addPlugin(`[]`)),
    "a tsconfig.json holds an object @ 0",
  );
  assert.is(
    failure(() => addPlugin(`{"compilerOptions": []}`)),
    `"compilerOptions" is not an object @ 20`,
  );
  assert.is(
    failure(() => addPlugin(`{"compilerOptions": {"plugins": {}}}`)),
    `"compilerOptions.plugins" is not an array @ 32`,
  );
  assert.is(
    failure(() => addPlugin(`{"compilerOptions": {`)),
    `expected a property name or "}" @ 21`,
  );
});

test.run();
