/**
 * The cases both builds run (ES module and CommonJS). Each compares a marked function's
 * result on workers with its result inline: see runner.ts.
 */
// Loaded first, as an app loads its own modules: see cases/support/app-item.ts.
import "./cases/support/app-item.js";
import type { Case } from "./runner.js";
import { decodeBase64 } from "./cases/base64.js";
import { slugWords } from "./cases/barrel.js";
import { describePoint } from "./cases/circular-a.js";
import { reportShapes } from "./cases/cycle-shapes.js";
import { evaluate } from "./cases/const-enum.js";
import { crc32 } from "./cases/crc32.js";
import { ParseError, parseConfig } from "./cases/custom-error.js";
import { Stats } from "./cases/decorators.js";
import fromHex, { toHex } from "./cases/default-export.js";
import { padStartWith } from "./cases/default-params.js";
import { wrap } from "./cases/defaults-assign.js";
import { placeBox } from "./cases/destructuring.js";
import { Level, levelInfo } from "./cases/enums.js";
import { greetUser } from "./cases/error-from-helper.js";
import { graphemeCount } from "./cases/feature-detect.js";
import { roundTo } from "./cases/frozen-table.js";
import { groupBy } from "./cases/generics.js";
import { joinItems } from "./cases/global-config.js";
import { formatWith } from "./cases/global-plugins.js";
import { describeShapes } from "./cases/hierarchy.js";
import lineWordCounts, { topWords } from "./cases/jsdoc.js";
import { keywords } from "./cases/lazy-elsewhere.js";
import { nthPrime } from "./cases/lazy-let.js";
import { sumOfSquares, tallyUp, vowelCounts, weights } from "./cases/literals.js";
import { chunkAndSum } from "./cases/lodash-default.js";
import { format } from "./cases/map-registry.js";
import { namedCallbacks } from "./cases/callback-named-at-load.js";
import { recentOrder } from "./cases/reads-that-write.js";
import { endpoint } from "./cases/assignment-targets.js";
import { joinAll } from "./cases/namespace-writes.js";
import { shortTitle } from "./cases/export-star.js";
import { entries } from "./cases/buffer-views.js";
import { lookup } from "./cases/getters.js";
import { probe } from "./cases/global-writers.js";
import { builtByHooks } from "./cases/hooks-called-at-load.js";
import { globalsByAlias } from "./cases/global-object-aliases.js";
import { fragmentText } from "./cases/tagged-template-at-load.js";
import { seenAtLoad } from "./cases/functions-in-objects.js";
import { lastOf } from "./cases/prototype-alias.js";
import { itemNames } from "./cases/name-clash.js";
import { shapes } from "./cases/write-shapes.js";
import { initOrder } from "./cases/deferred-init.js";
import { timerInitOrder } from "./cases/timer-deferred-init.js";
import { applyFormat } from "./cases/function-tables.js";
import { usedUp } from "./cases/iterators-handed-over.js";
import { fibonacci } from "./cases/memo.js";
import { labels } from "./cases/mixins.js";
import { perimeter } from "./cases/namespaces.js";
import { totalScore } from "./cases/nested-markers.js";
import { normalizeSize, sizeInBytes } from "./cases/overloads.js";
import { romanYears } from "./cases/paths-alias.js";
import { clampAll } from "./cases/polyfill.js";
import { tallyWords } from "./cases/polyfill-in-entry.js";
import { shoutAll } from "./cases/prototype-patch.js";
import { localeFor } from "./cases/side-effects-false.js";
import { reduce } from "./cases/register.js";
import { joinWith } from "./cases/rest-params.js";
import { sha3_256 } from "./cases/sha3.js";
import { gammaCorrect } from "./cases/static-block.js";
import { encodeWith } from "./cases/static-registry.js";
import { pluginsFrom } from "./cases/symbol-global.js";
import { describeInstant } from "./cases/package-configured.js";
import { translate } from "./cases/package-chain.js";
import { aliasedTables } from "./cases/write-through-alias.js";
import { viaCalls } from "./cases/write-through-call.js";
import { heldTables } from "./cases/write-through-structures.js";
import { convert } from "./cases/units.js";
import { ValidationError } from "./cases/support/validate.js";

export const sharedCases: Case[] = [
  // Tables filled at load
  { name: "crc32-table-loop", fn: crc32, inputs: [["The quick brown fox jumps over the lazy dog"], [""]] },
  { name: "sha3-round-constants-loop", fn: sha3_256, inputs: [["abc"], [""]] },
  { name: "table-filled-by-init-call", fn: decodeBase64, inputs: [["aGVsbG8gd29ybGQ="], ["bad*"]] },
  { name: "table-frozen-after-fill", fn: roundTo, inputs: [[Math.PI, 4], [2.5, 99]] },
  { name: "class-static-block-table", fn: gammaCorrect, inputs: [[[0, 1, 64, 128, 255]]] },
  { name: "callback-named-at-load", fn: namedCallbacks, inputs: [[2], [1]] },
  // Registries
  { name: "map-set-registry", fn: format, inputs: [["title", "hello big world"], ["reverse", "abc"], ["nope", "x"]] },
  { name: "register-function-registry", fn: reduce, inputs: [["mean", [1, 2, 3, 6]], ["max", [4, 9, 2]]] },
  { name: "registry-in-other-module", fn: convert, inputs: [[3, "ft", "cm"], [1, "km", "in"]] },
  { name: "class-static-registry", fn: encodeWith, inputs: [["rot13", "Hello"], ["hex", "hi"]] },
  { name: "package-configured-at-load", fn: describeInstant, inputs: [[0], [1_700_000_000_000]] },
  { name: "package-set-up-by-a-chain", fn: translate, inputs: [[["hello", "bye", "other"]]] },
  { name: "tables-written-through-aliases", fn: aliasedTables, inputs: [["two"], ["three"]] },
  { name: "tables-written-through-calls", fn: viaCalls, inputs: [["two"]] },
  { name: "tables-written-through-structures", fn: heldTables, inputs: [[0], [1_700_000_000_000]] },
  { name: "reads-that-write", fn: recentOrder, inputs: [[0], [5]] },
  { name: "assignment-targets", fn: endpoint, inputs: [["/api"]] },
  { name: "namespace-import-writes", fn: joinAll, inputs: [[["a", "b"]]] },
  { name: "export-star-barrel", fn: shortTitle, inputs: [["The Quick Brown Fox Jumps"], ["Short", { lower: false }]] },
  { name: "buffer-views", fn: entries, inputs: [[1]] },
  { name: "tables-behind-getters", fn: lookup, inputs: [["a"]] },
  { name: "global-writers", fn: probe, inputs: [[]] },
  { name: "hooks-called-at-load", fn: builtByHooks, inputs: [["main"]] },
  { name: "global-object-aliases", fn: globalsByAlias, inputs: [[]] },
  { name: "tagged-template-at-load", fn: fragmentText, inputs: [["UserFields"], ["Other"]] },
  { name: "functions-in-objects", fn: seenAtLoad, inputs: [["last"]] },
  { name: "prototype-alias", fn: lastOf, inputs: [[[1, 2, 3]], [[]]] },
  { name: "name-clash", fn: itemNames, inputs: [[]] },
  { name: "write-shapes", fn: shapes, inputs: [[]] },
  { name: "deferred-init", fn: initOrder, inputs: [[]] },
  { name: "timer-deferred-init", fn: timerInitOrder, inputs: [[]] },
  {
    name: "function-tables",
    fn: applyFormat,
    inputs: [
      ["formatters", "upper", "ab"],
      ["formatters", "lower", "AB"],
      ["padders", "left", "ab"],
      ["padders", "right", "ab"],
      ["handlers", "wrap", "ab"],
      ["global", "", "ab"],
      ["commands", "shout", "ab"],
      ["commands", "whisper", "ab"],
      ["shapes", "area", "abc"],
      ["shapes", "perimeter", "abc"],
      ["groups", "trim", " ab "],
    ],
  },
  { name: "iterators-handed-over", fn: usedUp, inputs: [[]] },
  // Globals and patches set up at load
  { name: "globalThis-config", fn: joinItems, inputs: [[["a", "b", "c", "d", "e"]]] },
  { name: "string-prototype-patch", fn: shoutAll, inputs: [[["hey", "you"]]] },
  { name: "side-effect-polyfill-import", fn: clampAll, inputs: [[[-5, 3, 12], 0, 10]] },
  { name: "polyfill-package-imported-by-the-entry", fn: tallyWords, inputs: [[["b", "a", "b", "c", "b"]], [[]]] },
  { name: "side-effect-import-in-sideEffects-false-package", fn: localeFor, inputs: [[["it", "fr", "de"]]] },
  { name: "symbol-keyed-global", fn: pluginsFrom, inputs: [[1]] },
  { name: "global-registry-filled-by-imported-plugins", fn: formatWith, inputs: [["upper", "hi"], ["reverse", "abc"], ["nope", "x"]] },
  { name: "object-assign-defaults", fn: wrap, inputs: [["the rain in spain stays mainly in the plain"], ["a b c d", { width: 3, indent: "" }]] },
  { name: "feature-detect-try", fn: graphemeCount, inputs: [["e\u0301te\u0301 👍🏽"]] },
  { name: "mixins-applied-at-load", fn: labels, inputs: [[["Big Box", "cup"]]] },
  // Caches
  { name: "lazy-let-cache-same-file", fn: nthPrime, inputs: [[0], [1000], [100_000]] },
  { name: "memo-map", fn: fibonacci, inputs: [[90]] },
  { name: "lazy-let-cache-other-file", fn: keywords, inputs: [["The cat and the hat are in the house"]] },
  // TypeScript shapes
  { name: "enums", fn: levelInfo, inputs: [[Level.Warn, 1 | 8], [Level.Debug, 0], [25, 0]] },
  { name: "const-enums-other-module", fn: evaluate, inputs: [["2 + 3 * 4 - 10 / 5"]] },
  { name: "namespaces-merged", fn: perimeter, inputs: [["Circle", 2], ["Quarter", 2], ["Hexagon", 1]] },
  { name: "overloads-jsdoc-on-implementation", fn: normalizeSize, inputs: [["2048 KB"], [1536], ["huge"]] },
  { name: "overloads-jsdoc-on-first-signature", fn: sizeInBytes, inputs: [["3 KB"], [12]] },
  { name: "generics", fn: groupBy, inputs: [[[{ k: "a", v: 1 }, { k: "b", v: 2 }, { k: "a", v: 3 }], "k"]] },
  { name: "destructured-params", fn: placeBox, inputs: [[{ width: 3, color: "red" }], [{ width: 2, height: 5, label: "crate" }, [4, 1]]] },
  { name: "default-params-untyped", fn: padStartWith, inputs: [["42"], ["7", 3, "0"]] },
  { name: "rest-params", fn: joinWith, inputs: [["-", 1, "two", 3], [","]] },
  // Modules
  { name: "barrel-export-star", fn: slugWords, inputs: [["Grüße aus Köln", "Ærø"]] },
  { name: "paths-alias", fn: romanYears, inputs: [[[1999, 2024]], [[0]]] },
  { name: "cjs-package-default-import", fn: chunkAndSum, inputs: [[[1, 2, 3, 4, 5], 2]] },
  { name: "circular-import-instanceof", fn: describePoint, inputs: [[3, 4]] },
  { name: "import-cycle-entered-elsewhere", fn: reportShapes, inputs: [["square", [2, 3]]] },
  { name: "class-hierarchy-instanceof", fn: describeShapes, inputs: [[[{ kind: "square", side: 2 }, { kind: "circle", r: 1 }, { kind: "rect", w: 2, h: 3 }]]] },
  { name: "custom-error-subclass", fn: parseConfig, inputs: [["a = 1\n# c\nb=2"], ["a = 1\noops"]], errors: [ParseError] },
  { name: "error-class-from-helper-module", fn: greetUser, inputs: [[{ name: "Ada", age: 36 }], [{ name: "", age: 1 }]], errors: [ValidationError] },
  // Marker forms
  { name: "decorator-makeAsync-static", fn: Stats.mean, inputs: [[[1, 2, 2]]] },
  { name: "decorator-tamed-static", fn: Stats.histogram, inputs: [[[1, 2, 2, 3, 9], 4]] },
  { name: "jsdoc-tamed-declaration", fn: topWords, inputs: [["the cat saw the other cat and the dog", 2]] },
  { name: "jsdoc-makeAsync-default-export", fn: lineWordCounts, inputs: [["one two\nthree\n\nfour five six"]] },
  { name: "marker-default-export-aliased", fn: fromHex, inputs: [["00ff7F"]] },
  { name: "marker-namespace-import", fn: toHex, inputs: [[[0, 255, 127]]] },
  { name: "marker-calls-marker", fn: totalScore, inputs: [[[1, 2, 13]]] },
  { name: "runAsync-literal", fn: sumOfSquares, inputs: [[[1, 2, 3, 10]]] },
  { name: "submit-literal", fn: vowelCounts, inputs: [[["queue", "rhythm", "banana"]]], task: false },
  { name: "map-literal", fn: weights, inputs: [[["a", "tamed", "worker"]]], task: false },
  { name: "spawn-literal", fn: tallyUp, inputs: [[[1, 2, 3]]], task: false },
];
