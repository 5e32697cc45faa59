/**
 * The cases only a CommonJS project has: __dirname/__filename, require.resolve, import = require(), named imports of a
 * CommonJS package, a CommonJS package's `exports.default` called through esModuleInterop.
 */
import type { Case } from "../runner";
import { countWordsRequireResolved, ownFileName, wordsStartingWithCjs } from "./dirname";
import { platformLine } from "./import-equals";
import { colorHexCjs } from "./json-import";
import { colorOfCjs } from "./json-writes";
import { kebabChunks } from "./lodash-named";
import { validateEmailCjs } from "./plugin-installed";

export const cjsCases: Case[] = [
  { name: "dirname-asset", fn: wordsStartingWithCjs, inputs: [["l"], ["m"]] },
  { name: "filename", fn: ownFileName, inputs: [[]] },
  { name: "require-resolve-asset", fn: countWordsRequireResolved, inputs: [["words.txt"]] },
  { name: "cjs-package-named-import", fn: kebabChunks, inputs: [[["fooBar", "Big Box", "x"], 2]] },
  { name: "import-equals-require", fn: platformLine, inputs: [[["a", "b"]]] },
  { name: "json-import-cjs", fn: colorHexCjs, inputs: [["gold"], ["mauve"]] },
  { name: "json-writes-cjs", fn: colorOfCjs, inputs: [["blue"], ["green"]] },
  { name: "plugin-installed-at-load-cjs", fn: validateEmailCjs, inputs: [["a@b.c"], ["no at"]] },
];
