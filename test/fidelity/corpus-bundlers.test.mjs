// The differential corpus (issue 11) through every build tool tamed has a plugin for (issue
// 14): Vite, Rollup, webpack and Rspack (tamed/vite, /rollup, /webpack, /rspack), each
// building the ES module project into an ES module bundle and the CommonJS project into a
// CommonJS bundle (corpus/build.mjs bundle()), on TypeScript 6 (the repository's) and 7 (a
// copy, harness.mjs ts7Project), with tamed/esbuild on 7 as well (on 6 it is in
// corpus.test.mjs), and all of them on TypeScript 5.9 (a copy, ts5Project; the CommonJS
// project through cjs/tsconfig.node10.json there, as 5.9 refuses cjs/tsconfig.json). Each
// bundle runs every case on worker threads and inline and prints one verdict per case.
//
// A bundle is the tool's compilation of the code, the worker module esbuild's: where the two
// differ, the tool's run differs from the worker's. What each tool does differently is listed
// below with the verdict its run prints, as DEFECT (tamed's: to fix), TOOL BUG (the tool's
// own output is wrong without tamed too) or THE BUILD'S CHOICE (an option of the tool's that
// the README names changes it); a case that stops differing fails the test, so that its entry
// goes. A case a tool cannot build at all is left out of that build, with the reason.
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { report } from "../helpers.mjs";
import { CORPUS, CORPUS_CASES, ENTRY_UNSEEN, assertAllEqual, node, ts5Project, ts7Project } from "./harness.mjs";

const MINIFIED =
  "THE BUILD'S CHOICE (webpack and Rspack production builds, whose minimizer mangles names): the bundle computes mangled class names, the worker modules the names as written (they keep names); a minimizer told to keep names, and no module concatenation, makes every case equal but the tools' bugs, as the --keep-names runs below check";
/** webpack and Rspack in production mode (the README's configs), ES module and CommonJS output alike. */
const WEBPACK_LIKE = {
  "class-hierarchy-instanceof": {
    verdict:
      /^DIFFERENT \(input 1 of 1: .*\) worker=\[ 'Shape>Rect>Square area=4'.* \/ inline=\[ '[\w$]+>[\w$]+>[\w$]+ area=4'/,
    why: `${MINIFIED}: the chain of constructor names the function returns differs`,
  },
  "name-clash": {
    verdict: /^DIFFERENT \(input 1 of 1: \[\]\) worker='Item Item' \/ inline='[^']*'$/,
    why: `${MINIFIED}; module concatenation also renames a class another module declares (name_clash_Item): the two classes' names differ`,
  },
};
/** webpack and Rspack in CommonJS output. */
const REQUIRE_RESOLVE = {
  "require-resolve-asset": {
    verdict:
      /^DIFFERENT \(input 1 of 1: \[ 'words\.txt' \]\) worker=4 \/ inline threw Error: (?:EBADF: bad file descriptor, read|ENOENT: no such file or directory, open '\d+')$/,
    why: "TOOL BUG (webpack and Rspack compile `require.resolve(`./${file}`)` into a module id, a number, whatever the file; Node's readFileSync takes the number for a file descriptor or a path; a build without tamed does the same): the worker module, run by Node, resolves the file beside the module",
  },
};
/** Rspack in ES module output. */
const IMPORT_META_RESOLVE = {
  "import-meta-resolve-asset": {
    verdict:
      /^DIFFERENT \(input 1 of 1: \[ 'words\.txt' \]\) worker(?:=5| threw Error: ENOENT: .*words\.txt') \/ inline threw TypeError: \{\}\.resolve is not a function$/,
    why: "TOOL BUG (Rspack compiles `import.meta` to an empty object, so `import.meta.resolve` is undefined in its bundle; a build without tamed does the same, and webpack leaves it to Node): the worker module, run by Node, resolves the file (and reads it, unless the run without words.txt beside the bundle took it away)",
  },
};
/** The tools' own bugs by build mode: they stay when the minimizer keeps names. */
const TOOL_BUGS = { "webpack-cjs": REQUIRE_RESOLVE, rspack: IMPORT_META_RESOLVE, "rspack-cjs": REQUIRE_RESOLVE };
const WEBPACK_CJS = { ...WEBPACK_LIKE, ...REQUIRE_RESOLVE };
const RSPACK = { ...WEBPACK_LIKE, ...IMPORT_META_RESOLVE };
const VITE = {
  "namespaces-merged": {
    verdict: /^DIFFERENT \(input 2 of 3: .*\) worker='7\.142 cm' \/ inline threw ReferenceError: TAU is not defined$/,
    why: "TOOL BUG (Vite 8's TypeScript transform, Oxc): in the second block of a merged namespace, the unqualified reference to the first block's export TAU stays unqualified, and the bundle throws (a Vite build without tamed does too); the worker module, compiled by esbuild, is right",
  },
};
const LEFT_OUT = {
  "rollup-cjs": {
    "import-equals-require":
      'Rollup bundles ES modules only: `import legacy = require("./support/legacy")` stays a require() of a .ts file, and the bundle cannot load (a CommonJS module needs @rollup/plugin-commonjs, which the README\'s Rollup setup has not)',
  },
};

/** Build mode (corpus/build.mjs) -> its bundle, what it is, and its known differences. */
const MODES = {
  esbuild: { main: "dist/main.js", label: "ES module project, esbuild + tamed/esbuild" },
  "esbuild-cjs": { main: "cjs/dist/main.js", label: "CommonJS project, esbuild + tamed/esbuild (format cjs)" },
  vite: { main: "bundles/vite/main.mjs", label: "ES module project, Vite + tamed/vite", known: VITE },
  "vite-cjs": { main: "cjs/bundles/vite/main.cjs", label: "CommonJS project, Vite (cjs output)", known: VITE },
  rollup: { main: "bundles/rollup/main.mjs", label: "ES module project, Rollup + tamed/rollup" },
  "rollup-cjs": { main: "cjs/bundles/rollup/main.cjs", label: "CommonJS project, Rollup (cjs output)" },
  webpack: {
    main: "bundles/webpack/main.mjs",
    label: "ES module project, webpack + tamed/webpack (output.module)",
    known: WEBPACK_LIKE,
  },
  "webpack-cjs": { main: "cjs/bundles/webpack/main.cjs", label: "CommonJS project, webpack", known: WEBPACK_CJS },
  rspack: {
    main: "bundles/rspack/main.mjs",
    label: "ES module project, Rspack + tamed/rspack (output.module)",
    known: RSPACK,
  },
  "rspack-cjs": { main: "cjs/bundles/rspack/main.cjs", label: "CommonJS project, Rspack", known: WEBPACK_CJS },
};
const BUNDLERS = Object.keys(MODES).filter((m) => !m.startsWith("esbuild"));

/** The project folders, made when a test first needs one (uvu loads every test file before running any). */
const projects = new Map();
function project(ts) {
  if (!projects.has(ts))
    projects.set(
      ts,
      ts === "6" ? CORPUS : ts === "7" ? ts7Project(CORPUS, "bundlers") : ts5Project(CORPUS, "bundlers"),
    );
  return projects.get(ts);
}

const VERSIONS = {
  6: { typescript: /^6\.0\./, modes: BUNDLERS },
  7: { typescript: /^7\.0\./, modes: ["esbuild", "esbuild-cjs", ...BUNDLERS] },
  5.9: { typescript: /^5\.9\./, modes: ["esbuild", "esbuild-cjs", ...BUNDLERS] },
};

for (const [ts, { typescript, modes }] of Object.entries(VERSIONS)) {
  test(`the TypeScript ${ts} project's typescript is ${typescript.source.slice(1, -3)}`, () => {
    const r = node(["-p", 'require("typescript/package.json").version'], project(ts));
    assert.match(r.stdout.trim(), typescript);
  });
  for (const mode of modes) {
    const { main, label } = MODES[mode];
    const known = { ...MODES[mode].known, ...(ts === "7" ? {} : ENTRY_UNSEEN) };
    const leftOut = LEFT_OUT[mode] ?? {};
    const expected = CORPUS_CASES - Object.keys(leftOut).length;
    test(`every corpus function gives the same result on a worker as inline, but for the tool's known differences (${label}, TypeScript ${ts})`, () => {
      const dir = project(ts);
      const without = Object.keys(leftOut);
      const build = node(["build.mjs", mode, ...(without.length > 0 ? ["--without", without.join(",")] : [])], dir);
      const run = node([main], dir);
      assertAllEqual(`${label} on TypeScript ${ts}`, build, run, expected, { known, leftOut });
      let more = "";
      if (mode === "webpack" || mode === "rspack") {
        // The tool emitted new URL("./words.txt", import.meta.url) as an asset of its own beside the bundle.
        const out = join(dir, main, "..");
        const assets = readdirSync(out).filter((f) => f.endsWith(".txt") && f !== "words.txt");
        assert.is(assets.length, 1, `${mode} emitted no asset for words.txt: ${readdirSync(out).join(", ")}`);
        assert.is(readFileSync(join(out, assets[0]), "utf8"), readFileSync(join(out, "words.txt"), "utf8"));
        rmSync(join(out, "words.txt"));
        const again = node([main], dir);
        // The worker modules read the tool's copy, as the bundle does (import-meta-url-asset).
        assertAllEqual(`${label} on TypeScript ${ts}, without words.txt beside the bundle`, build, again, expected, {
          known,
        });
        more = `, ${(again.ms / 1000).toFixed(1)} s without words.txt`;
      }
      report(
        `corpus, ${mode} on TypeScript ${ts}: built in ${(build.ms / 1000).toFixed(1)} s, ran in ${(run.ms / 1000).toFixed(1)} s${more}`,
      );
    });
  }
}

// webpack's and Rspack's production builds with a minimizer that keeps names (and Rspack's
// without module concatenation), as the README's Compatibility section shows: no difference
// but the tools' own bugs.
for (const mode of ["webpack", "webpack-cjs", "rspack", "rspack-cjs"]) {
  const { main, label } = MODES[mode];
  test(`every corpus function gives the same result on a worker as inline when the minimizer keeps names (${label}, TypeScript 6)`, () => {
    const dir = project("6");
    const build = node(["build.mjs", mode, "--keep-names"], dir);
    const run = node([main], dir);
    const known = { ...TOOL_BUGS[mode], ...ENTRY_UNSEEN };
    assertAllEqual(`${label}, names kept, on TypeScript 6`, build, run, CORPUS_CASES, { known, leftOut: {} });
    report(
      `corpus, ${mode} with names kept: built in ${(build.ms / 1000).toFixed(1)} s, ran in ${(run.ms / 1000).toFixed(1)} s`,
    );
  });
}

test.run();
