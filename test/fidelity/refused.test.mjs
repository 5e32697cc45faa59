// Shapes a worker cannot reproduce must be refused at build time (issue 11): module
// state that the main thread changes after load. Each project under refused/ must
// fail to build with a diagnostic that names the state and the function that changes
// it, and says what to do; refused/<case>/expected.diagnostics holds tsc's exact output
// (UPDATE=1 writes it; review the diff).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { compile, expectFile } from "../helpers.mjs";
import { HERE, TAMED_CLI, node, ts7Project } from "./harness.mjs";

/** Folder under test/fidelity/refused, and what its diagnostic must name. */
const CASES = [
  // `let defaults` in options.ts, reassigned by setDefaultOptions(), read by the marked function's helper.
  { name: "let-set-from-main-other-module", names: ["priceList", "defaults", "setDefaultOptions"] },
  // The same in the marked function's own file.
  { name: "let-set-from-main-same-file", names: ["joinAll", "separator", "setSeparator"] },
  // A const object that an exported function changes with Object.assign (z.config).
  { name: "object-configured-from-main", names: ["summarize", "globalConfig", "config"] },
  // main-only code changes a module-level object through the function that returns it: `limits().max = 10`.
  { name: "object-changed-through-accessor", names: ["clampAll", "LIMITS"] },
  // Named callbacks given at load to a timer and an emitter (they run later, not at load), and
  // `ITEMS.forEach(scale)` in a function only the main thread calls (scale changes the elements).
  {
    name: "callback-named-later",
    names: ["lookup", "BY_LENGTH", "addTo", "LOADED", "loadAll", "total", "ITEMS", "rescale"],
  },
  // main() fills a Map the marked function reads, and calls the function: TS77010 on `main();`.
  { name: "setup-starts-work", names: ["TS77010", "priceOf", "prices"] },
  // A registry on globalThis that a plugin only the entry imports fills as it loads: TS77013 on the plugin's statement.
  { name: "global-written-by-unloaded-file", names: ["TS77013", "format", "FORMATTERS", "src/plugins/upper.ts"] },
  // The same through another name for the global object (lodash's `freeGlobal || Function("return this")()`).
  { name: "global-written-through-alias", names: ["TS77013", "greet", "GREETING", "src/plugins/locale.ts"] },
  // A package (node:util) configured as a setup file that only the entry imports loads: TS77014 there.
  { name: "package-configured-by-unloaded-file", names: ["TS77014", "show", "util", "src/setup.ts", "./setup.js"] },
  // The same for a package (fake-decimal, shaped like decimal.js) configured by a call in a function of the user's that
  // the entry (in an async IIFE too) and a setup file (through a concise arrow) call as they load: TS77014 at those
  // calls, naming the call that configures; not for `total` at the entry's call of ensureNumbers(), a lazy set-up that
  // total's own code calls on the worker too.
  {
    name: "package-configured-in-function-called-at-load",
    names: [
      "TS77014",
      "price",
      "total",
      "fake-decimal",
      "src/main.ts(6,1)",
      "src/main.ts(9,1)",
      "src/setup.ts(13,1)",
      "at src/setup.ts:8:3, in a function it calls",
    ],
  },
  // A file with a marked function that configures fake-decimal by calling a set-up function of its own as it loads
  // (`setupNumbers();`), which the worker module does not keep: TS77017 at that call; not at the call of a lazy
  // set-up that the marked function's own code calls on the worker too (total.ts).
  {
    name: "package-configured-in-function-of-marked-file",
    names: ["TS77017", "price", "fake-decimal", "src/price.ts(11,1)", "at src/price.ts:9:3"],
  },
  // An entry with a marked function of its own (half) that configures fake-decimal for the whole app as it loads:
  // TS77014 there for price, whose worker does not load the entry; not for half, whose worker runs the statement.
  {
    name: "package-configured-in-entry-with-markers",
    names: ["TS77014", "price", "fake-decimal", "src/main.ts(9,1)"],
  },
  // The same in a file with markers that loads price's file but is not the entry (index.ts only imports it): TS77014.
  {
    name: "package-configured-by-marked-file-that-loads-it",
    names: ["TS77014", "price", "fake-decimal", "src/app.ts(9,1)"],
  },
  // A Koa app whose `context` the marked functions read, set up and started in one statement: a chain
  // (`app.use(h).listen(port)`) and a bootstrap `main()`: TS77010 at each, which starts serving.
  {
    name: "setup-starts-serving",
    names: ["TS77010", "quote", "cost", "starts serving", "src/koa-chain.ts(10,1)", "src/koa-main.ts(16,1)"],
  },
  // The entry configures dayjs with a call of the same text as the function's file does (`dayjs.locale(lang)`), but
  // with another `lang`: TS77014 (the same call kept on the worker is not refused; this one is not the same).
  {
    name: "package-configured-with-same-text-in-entry",
    names: ["TS77014", "stamp", "fake-dayjs", "src/main.ts(7,1)"],
  },
  // A renderer the package made for the app (`export const md = new Marked()`, shaped like marked), configured by the
  // entry through its method (`md.use(extension)`: TS77002, a change of md) and a plugin function of the package
  // handed it (`addHeadingIds(md)`: TS77002 for md, TS77014 for the package, whose name says it configures).
  {
    name: "package-instance-configured-in-entry",
    names: ["TS77002", "TS77014", "render", "'md'", "fake-marked", "src/main.ts(8,1)", "src/main.ts(9,1)"],
  },
  // Values the package made for the app (fake-kit: a mathjs-like instance, a cache, an event bus, an i18next-like
  // translator) changed by the entry through methods not named for configuring: `math.import(fns)`, `cache.mset(...)`,
  // `bus.on(type, handler)`, `await i18n.changeLanguage("de")`: TS77002 at each.
  {
    name: "package-instance-changed-by-its-methods",
    names: [
      "TS77002",
      "work",
      "'math'",
      "'cache'",
      "'bus'",
      "'i18n'",
      "src/main.ts(7,1)",
      "src/main.ts(9,1)",
      "src/main.ts(10,1)",
      "src/main.ts(11,7)",
    ],
  },
  // A value a package made for the app (fake-ajv's validator) handed by the entry to plugin functions of other
  // packages, made for their effect: `addFormats.default(ajv)` (ajv-formats as an ES module of nodenext calls it)
  // and `keywords(ajv)`, a name that says nothing of configuring, and an instance of the app's subclass. TS77002 at
  // each (they were silent: on a worker `["unknown format email", false, true, "unknown format email"]`, inline
  // `[true, true, true, true]`); not at `report(options)`, an object of the app's typed by the package's interface,
  // nor at `assertKeywords(ajv)`, named for checking: read (its diagnostics are exactly these).
  {
    name: "package-instance-changed-by-plugin-function",
    names: ["TS77002", "check", "'ajv'", "'strict'", "src/main.ts(10,1)", "src/main.ts(11,1)", "src/main.ts(12,1)"],
  },
  // The command line parsed by the entry (fake-commander, shaped like commander) into the package's own `program` and
  // into the app's `new Command()`, which the function reads by `opts()`: on a worker both keep their defaults (they
  // were silent: with `--name ann --loud`, inline "hello ann, loud true", on a worker "hello world, loud undefined").
  // TS77014 at `program.parse()`, TS77002 at `app.option(...).parse(process.argv)`, a chain; nothing for `check`,
  // which uses the package (its InvalidArgumentError) but reads neither program, nor at a schema's
  // `count.parse(process.argv.slice(2))` made for its value (its diagnostics are exactly these).
  {
    name: "command-line-parsed-in-entry",
    names: ["TS77014", "TS77002", "greet", "fake-commander", "'app'", "src/main.ts(11,1)", "src/main.ts(12,1)"],
  },
  // A package (fake-big, shaped like big.js) configured by the entry through an argument: `Object.assign(Big, ...)`,
  // and functions of the app handed the export, one assigning through its parameter, one calling the package's
  // method on it: TS77014 at each.
  {
    name: "package-configured-through-argument",
    names: ["TS77014", "quotient", "fake-big", "src/main.ts(9,1)", "src/main.ts(10,1)", "src/main.ts(11,1)"],
  },
  // A CommonJS entry that configures fake-luxon through `const luxon = require("fake-luxon")`, typed `any`, and through
  // `const { Settings } = require(...)`: TS77014 at each.
  {
    name: "package-configured-through-require",
    names: ["TS77014", "stamp", "fake-luxon", "src/main.ts(8,1)", "src/main.ts(9,1)"],
  },
  // A CommonJS entry that loads the function's file by `const { stamp } = require("./stamp")`, not an import, and
  // configures fake-luxon: TS77014, as when it imports it.
  {
    name: "package-configured-in-entry-loading-by-require",
    names: ["TS77014", "stamp", "fake-luxon", "src/main.ts(7,1)"],
  },
  // The same, the function's file a folder's index.ts that the entry loads by `require("./stamp")`.
  {
    name: "package-configured-in-entry-loading-folder-by-require",
    names: ["TS77014", "stamp", "fake-luxon", "src/main.ts(7,1)", "src/stamp/index.ts"],
  },
  // A package shaped like i18next, set up in the entry by a chain on its own instance (`i18n.use(french).init()`,
  // each method returning `this`): TS77014 at the chain's statement; not at the same chain on an instance the
  // package made for the caller (`createInstance().use(french).init()`).
  {
    name: "package-configured-through-a-chain",
    names: ["TS77014", "greet", "fake-i18n", "src/main.ts(8,1)"],
  },
  // Built-ins (BigInt.prototype.toJSON, Array.prototype, Date.prototype through a const, Error.stackTraceLimit by
  // a function called) patched as a file only the entry imports loads: TS77015 at each, for the functions that use
  // the patch (not for `double` or `runningTotal`, whose locals `total` and `stack` are no member reads).
  {
    name: "builtin-patched-by-unloaded-file",
    names: [
      "TS77015",
      "toJson",
      "BigInt.prototype.toJSON",
      "DateProto.toJSON",
      "sumAll",
      "Array.prototype.total",
      "stackDepth",
      "Error.stackTraceLimit",
      "src/setup.ts",
      "./setup.js",
    ],
  },

  // process.env read as config.ts loads, changed by entries after their imports loaded it (a function that calls
  // process.loadEnvFile(), dotenv's config(), `import "dotenv/config"` after the import): TS77016 at each change;
  // not the entry's write of a variable config.ts does not read (also in an if), nor a script's preload imported
  // first; a write through another name for process.env (alias.ts) is one, and so is a read in a function called as
  // settings.ts loads (any variable: its name is computed).
  {
    name: "env-changed-after-imports",
    names: [
      "TS77016",
      "level",
      "src/config.ts",
      "src/main.ts(7",
      "src/cli.ts(4",
      "src/cli.ts(6",
      "src/alias.ts(7",
      "timeout reads process.env as src/settings.ts loads",
    ],
  },
  // A class of the project's whose prototype a file only the entry imports extends: TS77002 there.
  { name: "class-augmented-by-unloaded-file", names: ["TS77002", "price", "Money", "setup.ts"] },
  // A global set by a function only the main thread calls (`globalThis["APP_LOCALE"] = ...`): TS77002.
  { name: "global-set-from-main", names: ["TS77002", "greet", "APP_LOCALE", "setLocale"] },
];

for (const { name, names } of CASES) {
  test(`module state the main thread changes after load, or sets up while starting work, is refused at build time (${name})`, () => {
    const project = `../fidelity/refused/${name}`; // compile() and expectFile() take a folder under test/fixtures
    const r = compile(project);
    assert.is(r.status, 2, `tspc must refuse ${name}; it exited with ${r.status}:\n${r.stdout}`);
    for (const n of names) assert.match(r.stdout, n, `the diagnostic must name '${n}':\n${r.stdout}`);
    expectFile(project, "expected.diagnostics", r.stdout);
  });
}

// The same projects with TypeScript 7 and `tamed build`: the same text, file:line and code as tspc's.
const refused7 = ts7Project(join(HERE, "refused"), "refused");
for (const { name } of CASES) {
  test(`tamed build on TypeScript 7 refuses ${name} with tspc's exact diagnostics (expected.diagnostics)`, () => {
    const r = node([TAMED_CLI, "build"], join(refused7, name));
    assert.is(r.status, 1, `tamed build must refuse ${name}; it exited with ${r.status}:\n${r.stdout}${r.stderr}`);
    assert.fixture(r.stdout, readFileSync(join(HERE, "refused", name, "expected.diagnostics"), "utf8"));
  });
}

// A bundler plugin's program on TypeScript 5.9/6 starts from the files with markers and what they
// import (transformer/bundle-program.cts): the plugin that writes the global, which only the entry
// imports, must be pulled in for the check to see its write.
test("tamed/esbuild refuses global-written-by-unloaded-file too (TS77013 at the plugin's statement), though nothing the marked file imports names the plugin", async () => {
  const { build } = await import("esbuild");
  const { default: tamed } = await import("tamed/esbuild");
  const dir = join(HERE, "refused", "global-written-by-unloaded-file");
  const failed = await build({
    absWorkingDir: dir,
    entryPoints: ["src/main.ts"],
    bundle: true,
    platform: "node",
    format: "esm",
    packages: "external",
    outdir: "out/esbuild", // worker modules go beside it, should it build
    write: false,
    logLevel: "silent",
    plugins: [tamed()],
  }).then(
    () => undefined,
    (e) => e,
  );
  assert.ok(failed !== undefined, "tamed/esbuild must refuse global-written-by-unloaded-file; it built");
  const [error] = failed.errors;
  assert.is(error.location?.file, "src/plugins/upper.ts");
  assert.is(error.location?.line, 2);
  assert.match(
    error.text,
    /^TS77013: format reads the global 'FORMATTERS' on a worker .*import "\.\/plugins\/upper\.js";/,
  );
});

test.run();
