/**
 * The cases only an ES module project has: top-level await, import.meta (url, dirname, resolve), import attributes,
 * package.json "imports", a CommonJS package's `exports.default` called as nodenext types it.
 */
import type { Case } from "../runner.js";
import { countWordsBeside, countWordsResolved, wordsStartingWith } from "./import-meta.js";
import { colorHex } from "./json-import.js";
import { colorOf } from "./json-writes.js";
import { checksums } from "./package-imports.js";
import { validateEmail } from "./plugin-installed.js";
import { countriesOf } from "./top-level-await.js";

export const esmCases: Case[] = [
  { name: "top-level-await", fn: countriesOf, inputs: [["🇯🇵 and 🇫🇷"]] },
  { name: "import-meta-url-asset", fn: wordsStartingWith, inputs: [["ap"], ["b"]] },
  { name: "import-meta-dirname-asset", fn: countWordsBeside, inputs: [["words.txt"]] },
  { name: "import-meta-resolve-asset", fn: countWordsResolved, inputs: [["words.txt"]] },
  { name: "json-import", fn: colorHex, inputs: [["teal"], ["mauve"]] },
  { name: "package-json-imports", fn: checksums, inputs: [[["Wikipedia", ""]]] },
  { name: "json-writes", fn: colorOf, inputs: [["blue"], ["green"]] },
  { name: "plugin-installed-at-load", fn: validateEmail, inputs: [["a@b.c"], ["no at"]] },
];
