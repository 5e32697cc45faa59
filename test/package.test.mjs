// The package as users get it: `npm pack` of this repository, installed into fresh
// projects outside it (ES module and CommonJS consumers, moduleResolution nodenext and
// bundler), set up with `npx tamed setup`, built with `npm run build`, run with node;
// and `npx tamed doctor` on a good setup and on broken ones. Packages come from npm's
// cache (--prefer-offline): the suite's own `npm ci` put them there.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { npmEnv, ROOT, report, writeWebpackConfigWithoutTsLoader } from "./helpers.mjs";
import { haveRedis } from "./cluster/redis.mjs";

const work = mkdtempSync(join(tmpdir(), "tamed-pack-"));
const env = npmEnv();

function sh(cwd, command, args, { ok = true, timeout = 180_000, extraEnv = {} } = {}) {
  const r = spawnSync(command, args, { cwd, env: { ...env, ...extraEnv }, encoding: "utf8", timeout });
  if (ok && r.status !== 0)
    assert.unreachable(
      `\`${command} ${args.join(" ")}\` in ${cwd} exited with ${r.status ?? r.signal}:\n${r.stdout}\n${r.stderr}`,
    );
  return r;
}

const packed = JSON.parse(sh(ROOT, "npm", ["pack", "--json", "--pack-destination", work]).stdout)[0];
const tarball = join(work, packed.filename);
// The version this repository tests with, so that it is in npm's cache.
const NODE_TYPES = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).devDependencies["@types/node"];

test.after(() => rmSync(work, { recursive: true, force: true }));

test("npm pack ships the bundles, the declarations, the transformer and the CLI, and nothing else", () => {
  const files = packed.files.map((f) => f.path).sort();
  for (const f of [
    "dist/runtime/tamed.js",
    "dist/runtime/worker.js",
    "dist/runtime/index.d.ts",
    "dist/transformer/index.cjs",
    "dist/transformer/esbuild-plugin.cjs",
    "dist/transformer/unplugin.cjs",
    "dist/transformer/vite.cjs",
    "dist/transformer/forms/index.cjs",
    "dist/transformer/emit/esbuild-thread.cjs",
    "dist/transformer/language-service.cjs",
    "language-service/package.json",
    "dist/cli/index.js",
    "package.json",
    "README.md",
    "LICENSE",
  ]) {
    assert.ok(files.includes(f), `${f} is missing from the tarball`);
  }
  const stray = files.filter((f) =>
    /\.map$|\.tsbuildinfo$|^test\/|^bench\/|^samples\/|^runtime\/|^transformer\//.test(f),
  );
  assert.equal(stray, [], "files users do not need");
  report(
    `npm pack: ${files.length} files, ${(packed.size / 1024).toFixed(0)} KB packed, ${(packed.unpackedSize / 1024).toFixed(0)} KB unpacked`,
  );
});

// The README as npm shows it: the copy in the tarball, on a page where the repository's other
// folders (docs/, samples/, test/, bench/) are not there to link to.
const REPO = "https://github.com/tamed-js/tamed";
const packedReadme = () => {
  const dir = join(work, "readme");
  mkdirSync(dir, { recursive: true });
  sh(dir, "tar", ["-xzf", tarball, "package/README.md"]);
  return readFileSync(join(dir, "package", "README.md"), "utf8");
};

/** Every link target of a Markdown text outside code: inline links and images, reference definitions, href and src. */
function linkTargets(markdown) {
  const prose = markdown.replace(/^( *)(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\1\2 *$/gm, "").replace(/(`+)[\s\S]*?\1/g, "");
  return [
    ...[...prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]),
    ...[...prose.matchAll(/^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1]),
    ...[...prose.matchAll(/\b(?:href|src)\s*=\s*["']([^"']+)["']/g)].map((m) => m[1]),
  ];
}

/** The repository's files as git tracks them (what a link on GitHub can reach), or undefined outside a checkout. */
function trackedFiles() {
  const r = spawnSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8" });
  return r.status === 0 ? new Set(r.stdout.split("\0").filter(Boolean)) : undefined;
}

test("the packed README links only to absolute addresses, and each link into the repository names a path it has", () => {
  const targets = linkTargets(packedReadme());
  assert.ok(targets.length > 20, `found only ${targets.length} links: the link scan is broken`);
  const relative = targets.filter((t) => !/^(?:[a-z][a-z0-9+.-]*:|#)/i.test(t));
  assert.equal(relative, [], "relative links, which break on the npm page: link to the repository instead");
  const files = trackedFiles();
  const missing = [];
  for (const t of targets) {
    if (!t.startsWith(`${REPO}/`)) continue;
    const m = /^https:\/\/github\.com\/tamed-js\/tamed\/(blob|tree)\/main\/([^#?]+)(?:[#?].*)?$/.exec(t);
    if (m === null) {
      if (!/^https:\/\/github\.com\/tamed-js\/tamed(?:\/(?:issues|pulls?)(?:\/\d+)?)?\/?(?:#.*)?$/.test(t))
        missing.push(`${t}: not a blob/main or tree/main address`);
      continue;
    }
    const [, kind, path] = m;
    const isFile = files ? files.has(path) : statSync(join(ROOT, path), { throwIfNoEntry: false })?.isFile();
    const isDir = files
      ? [...files].some((f) => f.startsWith(`${path}/`))
      : statSync(join(ROOT, path), { throwIfNoEntry: false })?.isDirectory();
    if (kind === "blob" && !isFile) missing.push(`${t}: no file ${path} in the repository`);
    if (kind === "tree" && !isDir) missing.push(`${t}: no folder ${path} in the repository`);
  }
  assert.equal(missing, [], "links into the repository that lead nowhere");
});

// The README speaks of the project, not of the machines this repository is tested and measured on: how CI runs
// lives in docs/contributing.md.
test("the packed README names none of this repository's own machines, CI scripts or tools", () => {
  const readme = packedReadme();
  const found = [
    /\.ci\//,
    /scripts\/with-node/,
    /farm-bench/,
    /\bVMs?\b/,
    /\bEPYC\b/,
    /\bmirror\b/i,
    /\b(?:our|this) (?:machine|VM|host)\b/i,
    /\.\.\/shared\//,
  ].flatMap((re) =>
    readme
      .split("\n")
      .map((line, i) => [line, i + 1])
      .filter(([line]) => re.test(line))
      .map(([line, n]) => `README.md:${n}: ${line.trim().slice(0, 100)}`),
  );
  assert.equal(found, []);
});

const createHashHex = (text) => createHash("sha256").update(text).digest("hex").slice(0, 8);

const TSCONFIG = (compilerOptions) => `{
  // written by the test, with a comment that setup must keep
  "compilerOptions": {
${Object.entries({
  target: "es2023",
  lib: ["es2023"],
  types: ["node"],
  strict: true,
  skipLibCheck: true,
  rootDir: "src",
  outDir: "out",
  ...compilerOptions,
})
  .map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`)
  .join(",\n")}
  },
  "include": ["src"]
}
`;

const TASKS = `import { makeAsync, isWorker } from "tamed";

/** Where it ran, and a result worth computing there. */
export const sumTo = makeAsync((n: number): string => {
  let s = 0;
  for (let i = 1; i <= n; i++) s += i;
  return \`\${s} on a worker: \${isWorker()}\`;
});
`;

// What setup installs here: TypeScript 6 with ts-patch 4 where this Node meets ts-patch 4's engines (>=22.15.0),
// else TypeScript 5.9 with ts-patch 3.3.
const [NODE_MAJOR, NODE_MINOR] = process.versions.node.split(".").map(Number);
const MODERN = NODE_MAJOR > 22 || (NODE_MAJOR === 22 && NODE_MINOR >= 15);
const SETUP_INSTALLS = MODERN
  ? "would install typescript@^6.0.0, ts-patch@^4.0.0, esbuild@^0.28.0: npm install --save-dev typescript@^6.0.0 ts-patch@^4.0.0 esbuild@^0.28.0"
  : `would install typescript@~5.9.0, ts-patch@^3.3.0, esbuild@^0.28.0 (TypeScript 5.9 with ts-patch 3.3, since ts-patch 4 (for TypeScript 6) requires Node >=22.15.0 and this is Node ${process.versions.node}): npm install --save-dev typescript@~5.9.0 ts-patch@^3.3.0 esbuild@^0.28.0`;

const consumers = [
  {
    name: "esm-nodenext",
    type: "module",
    options: { module: "nodenext", moduleResolution: "nodenext" },
    main: `import { sumTo } from "./tasks.js";\nconsole.log(await sumTo(100));\n`,
  },
  {
    name: "cjs-nodenext",
    type: "commonjs",
    options: { module: "nodenext", moduleResolution: "nodenext" },
    main: `import { sumTo } from "./tasks.js";\nsumTo(100).then((v) => console.log(v));\n`,
  },
  {
    name: "esm-bundler",
    type: "module",
    options: { module: "preserve", moduleResolution: "bundler" },
    main: `import { sumTo } from "./tasks.js";\nconsole.log(await sumTo(100));\n`,
  },
];

for (const c of consumers) {
  test(`${c.name}, engine-strict=true: npx tamed setup, npm run build, node runs the marked function on a worker; setup again changes nothing`, () => {
    const dir = join(work, c.name);
    mkdirSync(join(dir, "src"), { recursive: true });
    // npm refuses any package whose engines refuse this Node: what setup installs must accept it (on Node 20,
    // ts-patch 4 would not).
    writeFileSync(join(dir, ".npmrc"), "engine-strict=true\n");
    assert.is(sh(dir, "npm", ["config", "get", "engine-strict"]).stdout.trim(), "true");
    writeFileSync(
      join(dir, "package.json"),
      JSON.stringify({ name: c.name, version: "1.0.0", private: true, type: c.type }, null, 2) + "\n",
    );
    writeFileSync(join(dir, "tsconfig.json"), TSCONFIG(c.options));
    writeFileSync(join(dir, "src", "tasks.ts"), TASKS);
    writeFileSync(join(dir, "src", "main.ts"), c.main);
    sh(dir, "npm", ["install", tarball, `@types/node@${NODE_TYPES}`]);

    const dry = sh(dir, "npx", ["tamed", "setup", "--dry-run"]);
    assert.match(dry.stdout, SETUP_INSTALLS);
    assert.match(dry.stdout, "(dry run: nothing was changed)");
    assert.is(readFileSync(join(dir, "tsconfig.json"), "utf8"), TSCONFIG(c.options));

    const t0 = performance.now();
    const setup = sh(dir, "npx", ["tamed", "setup"]);
    const setupMs = performance.now() - t0;
    assert.match(setup.stdout, 'add { "transform": "tamed/transformer" } to compilerOptions.plugins in tsconfig.json');
    const tsconfig = readFileSync(join(dir, "tsconfig.json"), "utf8");
    assert.match(tsconfig, "// written by the test, with a comment that setup must keep");
    assert.match(tsconfig, '"plugins": [{ "transform": "tamed/transformer" }]');
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    assert.is(pkg.scripts.build, "tspc");
    assert.ok(pkg.devDependencies["ts-patch"] && pkg.devDependencies.typescript, JSON.stringify(pkg));
    assert.ok(pkg.dependencies.tamed, JSON.stringify(pkg));

    const before = [readFileSync(join(dir, "tsconfig.json"), "utf8"), readFileSync(join(dir, "package.json"), "utf8")];
    assert.match(sh(dir, "npx", ["tamed", "setup"]).stdout, "nothing to do");
    assert.equal(
      [readFileSync(join(dir, "tsconfig.json"), "utf8"), readFileSync(join(dir, "package.json"), "utf8")],
      before,
    );

    sh(dir, "npm", ["run", "build"]);
    const out = sh(dir, process.execPath, [join(dir, "out", "main.js")]);
    assert.is(out.stdout, "5050 on a worker: true\n");
    assert.match(sh(dir, "npx", ["tamed", "doctor"]).stdout, "no problems found");
    report(`${c.name}: npx tamed setup took ${(setupMs / 1000).toFixed(1)} s (npm install from the cache included)`);
  });
}

// TypeScript 5.9 with ts-patch 3: every marker form, a diagnostic, setup and doctor. The versions are the ones
// this repository installs under aliases (typescript5, ts-patch3), so they are in npm's cache.
const TS5 = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).devDependencies.typescript5.replace(
  "npm:typescript@",
  "",
);
const TSPATCH3 = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).devDependencies["ts-patch3"].replace(
  "npm:ts-patch@",
  "",
);
const ESBUILD = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).devDependencies.esbuild;

/** What a project builds with tspc on TypeScript 5.9: its dev dependencies, at the versions this repository tests with. */
function installBuildTools(dir) {
  sh(dir, "npm", [
    "install",
    "--save-dev",
    `typescript@${TS5}`,
    `ts-patch@${TSPATCH3}`,
    `esbuild@${ESBUILD}`,
    `@types/node@${NODE_TYPES}`,
  ]);
}

test(`TypeScript 5 (${TS5}) with ts-patch 3 (${TSPATCH3}): setup, every marker form built and run on workers, a diagnostic`, () => {
  const dir = join(work, "ts5");
  mkdirSync(join(dir, "src"), { recursive: true });
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name: "ts5", version: "1.0.0", private: true, type: "module" }, null, 2) + "\n",
  );
  writeFileSync(join(dir, "tsconfig.json"), TSCONFIG({ module: "nodenext", moduleResolution: "nodenext" }));
  writeFileSync(
    join(dir, "src", "tasks.ts"),
    `import { createHash } from "node:crypto";
import { isWorker, makeAsync, tamed } from "tamed";

export const digest = makeAsync((text: string): string => createHash("sha256").update(text).digest("hex").slice(0, 8));
export const later = tamed(async (x: number): Promise<number> => x * 2);

/** @makeAsync */
export async function where(): Promise<boolean> {
  return isWorker();
}

export class Maths {
  @makeAsync
  static async square(x: number): Promise<number> {
    return x * x;
  }
}
`,
  );
  writeFileSync(
    join(dir, "src", "main.ts"),
    `import { digest, later, Maths, where } from "./tasks.js";\nconsole.log(await digest("tamed"), await later(21), await where(), await Maths.square(7));\n`,
  );
  sh(dir, "npm", [
    "install",
    tarball,
    `typescript@${TS5}`,
    `ts-patch@${TSPATCH3}`,
    `esbuild@${ESBUILD}`,
    `@types/node@${NODE_TYPES}`,
  ]);
  assert.match(sh(dir, "npx", ["tspc", "-v"]).stdout, `Version ${TS5}`);
  const setup = sh(dir, "npx", ["tamed", "setup"]);
  assert.not.match(
    setup.stdout,
    "install",
    "TypeScript 5 and ts-patch 3 are a matching pair, and esbuild is there: nothing to install",
  );
  assert.match(setup.stdout, 'add { "transform": "tamed/transformer" }');
  sh(dir, "npm", ["run", "build"]);
  const expected = createHashHex("tamed");
  assert.is(sh(dir, process.execPath, [join(dir, "out", "main.js")]).stdout, `${expected} 42 true 49\n`);
  assert.match(sh(dir, "npx", ["tamed", "doctor"]).stdout, `ok       ts-patch ${TSPATCH3}`);
  // A captured variable is a compile error under TypeScript 5 too.
  writeFileSync(
    join(dir, "src", "bad.ts"),
    `import { makeAsync } from "tamed";\nexport function make(n: number) {\n  return makeAsync((x: number): number => x * n);\n}\n`,
  );
  const bad = sh(dir, "npx", ["tspc", "-p", "."], { ok: false });
  rmSync(join(dir, "src", "bad.ts"));
  assert.is.not(bad.status, 0);
  assert.match(bad.stdout, "src/bad.ts(3,47): error TS77001: make uses 'n', a local variable of the enclosing scope");
});

// The README's setup by hand (its three steps, after the marker comment): each of its `npm install --save-dev`
// commands with the versions this repository tests with (in npm's cache) that the command's ranges accept, the
// tsconfig as written, `npx tspc -p .`, and the output run on a worker; on TypeScript 6 and 5.9.
const byHand = (() => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const start = readme.indexOf("<!-- by hand:");
  assert.ok(start >= 0, "README.md has no <!-- by hand: ... --> marker before its setup by hand");
  const section = readme.slice(start, readme.indexOf("\n**", start));
  const tsconfig = /^( *)```jsonc\n([\s\S]*?)^\1```$/m.exec(section);
  assert.ok(tsconfig !== null, "no ```jsonc block after the marker");
  const body = tsconfig[2]
    .split("\n")
    .map((l) => l.slice(tsconfig[1].length))
    .join("\n");
  const installs = [...section.matchAll(/`npm install --save-dev ([^`]+)`/g)].map((m) =>
    m[1].split(/\s+/).map((spec) => {
      const at = spec.lastIndexOf("@");
      return at > 0 ? { name: spec.slice(0, at), range: spec.slice(at + 1) } : { name: spec, range: "*" };
    }),
  );
  return { tsconfig: body, installs };
})();
const { satisfies } = await import(join(ROOT, "dist", "cli", "engines.js"));

for (const [typescript, tsPatch] of [
  [JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).devDependencies.typescript, "4.0.1"],
  [TS5, TSPATCH3],
]) {
  test(`the README's setup by hand builds on TypeScript ${typescript} with ts-patch ${tsPatch}, and the function runs on a worker`, () => {
    const versions = { typescript, "ts-patch": tsPatch, esbuild: ESBUILD, "@types/node": NODE_TYPES };
    const install = byHand.installs.find((specs) =>
      specs.every((s) => versions[s.name] !== undefined && satisfies(versions[s.name], s.range) === true),
    );
    assert.ok(
      install !== undefined,
      `no \`npm install --save-dev\` command of the README's setup by hand accepts ${JSON.stringify(versions)}: ${JSON.stringify(byHand.installs)}`,
    );
    assert.equal(
      install.map((s) => s.name).sort(),
      ["@types/node", "esbuild", "ts-patch", "typescript"],
      "what the install step names",
    );
    const dir = join(work, `by-hand-${typescript}`);
    mkdirSync(join(dir, "src"), { recursive: true });
    writeFileSync(
      join(dir, "package.json"),
      JSON.stringify(
        { name: "by-hand", version: "1.0.0", private: true, type: "module", scripts: { build: "tspc" } },
        null,
        2,
      ) + "\n",
    );
    writeFileSync(join(dir, "tsconfig.json"), byHand.tsconfig);
    writeFileSync(join(dir, "src", "tasks.ts"), TASKS);
    writeFileSync(join(dir, "src", "main.ts"), consumers[0].main);
    sh(dir, "npm", ["install", tarball]);
    sh(dir, "npm", ["install", "--save-dev", ...install.map((s) => `${s.name}@${versions[s.name]}`)]);
    const build = sh(dir, "npx", ["tspc", "-p", "."], { ok: false });
    assert.is(build.stdout + build.stderr, "", "tspc's output");
    assert.is(build.status, 0);
    assert.is(sh(dir, process.execPath, [join(dir, "out", "main.js")]).stdout, "5050 on a worker: true\n");
    // ts-patch 4 declares Node 22.15 or newer, as the README says: on an older Node, doctor flags that and only that.
    const doctor = sh(dir, "npx", ["tamed", "doctor"], { ok: false });
    if (MODERN || !tsPatch.startsWith("4.")) {
      assert.match(doctor.stdout, "no problems found");
      assert.is(doctor.status, 0);
    } else {
      assert.match(doctor.stdout, `PROBLEM  ts-patch ${tsPatch} requires Node >=22.15.0`);
      assert.match(doctor.stdout, "1 problem found");
    }
  });
}

test("setup installs with the package manager of the lock file: pnpm, yarn, npm", () => {
  const cli = join(work, "esm-nodenext", "node_modules", "tamed", "dist", "cli", "index.js");
  const specs = MODERN
    ? "typescript@^6.0.0 ts-patch@^4.0.0 esbuild@^0.28.0"
    : "typescript@~5.9.0 ts-patch@^3.3.0 esbuild@^0.28.0";
  for (const [lock, command] of [
    ["pnpm-lock.yaml", `pnpm add --save-dev ${specs}`],
    ["yarn.lock", `yarn add --dev ${specs}`],
    ["package-lock.json", `npm install --save-dev ${specs}`],
  ]) {
    const dir = join(work, `pm-${lock}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, "package.json"),
      JSON.stringify({ name: "pm", version: "1.0.0", dependencies: { tamed: "*" } }),
    );
    writeFileSync(join(dir, lock), "");
    writeFileSync(join(dir, "tsconfig.json"), TSCONFIG({ module: "nodenext" }));
    const r = sh(dir, process.execPath, [cli, "setup", "--dry-run"]);
    assert.match(r.stdout, `would install ${specs.replaceAll(" ", ", ")}`);
    assert.match(r.stdout, `: ${command}\n`);
    assert.match(
      r.stdout,
      'would add { "transform": "tamed/transformer" } to compilerOptions.plugins in tsconfig.json',
    );
    assert.match(r.stdout, 'would set scripts.build to "tspc"');
  }
  // No package.json, no tsconfig.json: each says what to do.
  const bare = join(work, "bare");
  mkdirSync(bare, { recursive: true });
  writeFileSync(join(bare, "package.json"), "{}");
  const r = sh(bare, process.execPath, [cli, "setup"], { ok: false });
  assert.is(r.status, 2);
  assert.match(
    r.stderr,
    `tamed: no tsconfig.json in ${bare}\nfix: create one (npx -p typescript tsc --init), or name yours with --project path/to/tsconfig.json`,
  );
});

test("an app's production install carries tamed's runtime only; a build without esbuild says to install it, and doctor flags it", () => {
  const dir = join(work, "esm-nodenext");
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  assert.ok(pkg.devDependencies.esbuild, "setup added esbuild as a dev dependency");
  assert.is(pkg.dependencies.esbuild, undefined);
  // What `npm ci --omit=dev` would keep: tamed and its dependencies (none).
  const tamedPkg = JSON.parse(readFileSync(join(dir, "node_modules", "tamed", "package.json"), "utf8"));
  assert.equal(tamedPkg.dependencies ?? {}, {});
  const esbuildDir = join(dir, "node_modules", "esbuild");
  const aside = join(dir, "esbuild-aside");
  renameSync(esbuildDir, aside);
  try {
    const b = sh(dir, "npm", ["run", "build"], { ok: false });
    assert.is.not(b.status, 0);
    assert.match(
      b.stdout + b.stderr,
      "esbuild is not installed: tamed bundles each worker module with it at build time. Install it as a dev dependency: npm install --save-dev esbuild",
    );
    const d = sh(dir, "npx", ["tamed", "doctor"], { ok: false });
    assert.match(d.stdout, "PROBLEM  esbuild is not installed: tspc cannot bundle the worker modules");
  } finally {
    renameSync(aside, esbuildDir);
  }
  sh(dir, "npm", ["run", "build"]);
});

// What a deploy does: build where the dev dependencies are, then install for production from the lock file.
test("npm ci --omit=dev in a built app installs tamed alone (no typescript, esbuild, ts-patch, unplugin), and the built function runs on a worker", () => {
  const dir = join(work, "production");
  mkdirSync(join(dir, "src"), { recursive: true });
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name: "production", version: "1.0.0", private: true, type: "module", scripts: { build: "tspc" } }),
  );
  writeFileSync(
    join(dir, "tsconfig.json"),
    TSCONFIG({ module: "nodenext", plugins: [{ transform: "tamed/transformer" }] }),
  );
  writeFileSync(join(dir, "src", "tasks.ts"), TASKS);
  writeFileSync(join(dir, "src", "main.ts"), consumers[0].main);
  sh(dir, "npm", ["install", tarball]);
  installBuildTools(dir);
  sh(dir, "npm", ["run", "build"]);
  rmSync(join(dir, "node_modules"), { recursive: true, force: true });

  sh(dir, "npm", ["ci", "--omit=dev"]);
  const installed = readdirSync(join(dir, "node_modules")).filter((n) => !n.startsWith("."));
  assert.equal(installed, ["tamed"], "node_modules after npm ci --omit=dev");
  for (const tool of ["typescript", "esbuild", "@esbuild", "ts-patch", "unplugin", "@types"])
    assert.not.ok(existsSync(join(dir, "node_modules", tool)), `${tool} is in a production install`);
  assert.is(sh(dir, process.execPath, [join(dir, "out", "main.js")]).stdout, "5050 on a worker: true\n");
  const size = spawnSync("du", ["-sk", join(dir, "node_modules")], { encoding: "utf8" }).stdout.split("\t")[0];
  report(`production install (npm ci --omit=dev): node_modules holds tamed alone, ${size} KB`);
});

/** A fresh project under the work folder: these files of samples/<sample>, and a package.json named `<name>-app` (npm refuses a package named as its dependency, vitest). */
function freshCopy(name, sample, files) {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  for (const f of files) cpSync(join(ROOT, "samples", sample, f), join(dir, f), { recursive: true });
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name: `${name}-app`, version: "1.0.0", private: true, type: "module" }, null, 2) + "\n",
  );
  return dir;
}

// tamed/bullmq as users get it: samples/cluster in a fresh project with the packed tamed and BullMQ and ioredis
// beside it (its optional peers), built with tspc and run: it starts a redis-server and two `tamed worker`
// processes from the installed package's CLI, and sends its batch through them.
test("tamed/bullmq from the tarball: samples/cluster built in a fresh project runs its batch on two `tamed worker` processes through a real Redis; without bullmq and ioredis the worker says to install them", () => {
  assert.ok(haveRedis(), "redis-server is not installed: .ci/run installs it (apt-get install redis-server)");
  const dir = freshCopy("cluster", "cluster", ["src", "tsconfig.json"]);
  sh(dir, "npm", ["install", tarball, `bullmq@${DEV.bullmq}`, `ioredis@${DEV.ioredis}`]);
  installBuildTools(dir);
  sh(dir, "npx", ["tspc"]);
  const run = sh(dir, process.execPath, [join(dir, "out", "main.js")], { timeout: 120_000 });
  assert.match(run.stdout, /in \d+ ms on 2 worker processes/);
  assert.not.match(run.stdout, /WRONG/);
  assert.is(run.stderr, "", "nothing on stderr");
  report(`packed tamed/bullmq, samples/cluster: ${run.stdout.trim().split("\n").at(-1)}`);

  // The peers are optional: an app that never imports tamed/bullmq installs neither.
  for (const peer of ["bullmq", "ioredis"]) renameSync(join(dir, "node_modules", peer), join(dir, `${peer}-aside`));
  try {
    const r = sh(dir, "npx", ["tamed", "worker", "--redis", "redis://127.0.0.1:6379", "--dir", "out"], { ok: false });
    assert.is(r.status, 2, `${r.stdout}${r.stderr}`);
    assert.match(r.stderr, "the cluster worker needs the packages bullmq and ioredis, which are not installed");
    assert.match(r.stderr, "npm install bullmq ioredis");
  } finally {
    for (const peer of ["bullmq", "ioredis"]) renameSync(join(dir, `${peer}-aside`), join(dir, "node_modules", peer));
  }
});

// Vite, Rollup, webpack, Rspack (tamed/vite, /rollup, /webpack, /rspack: one unplugin implementation) and esbuild,
// as users install them: samples/bundlers copied into a fresh project, the packed tamed and each tool at the version
// this repository tests with, each tool's build run and its bundle run on worker threads. Once per TypeScript the
// plugins support: the repository's own (6), 5.9 and 7 (webpack's types stripped by esbuild there: TypeScript 7's
// package has no compiler API for ts-loader).
const DEV = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).devDependencies;
const BUNDLER_TYPESCRIPTS = [
  DEV.typescript,
  DEV.typescript5.replace("npm:typescript@", ""),
  DEV.typescript7.replace("npm:typescript@", ""),
];
for (const typescript of BUNDLER_TYPESCRIPTS) {
  const seven = typescript.startsWith("7.");
  const mine = typescript === DEV.typescript;
  test(`Vite, Rollup, webpack, Rspack and esbuild on TypeScript ${typescript}: samples/bundlers in a fresh project builds with each tool, and each bundle runs on worker threads`, () => {
    const dir = freshCopy(`bundlers-${typescript}`, "bundlers", [
      "src",
      "tsconfig.json",
      "build.mjs",
      "vite.config.mjs",
      "rollup.config.mjs",
      "webpack.config.cjs",
      "rspack.config.cjs",
      "esbuild.mjs",
    ]);
    if (seven) writeWebpackConfigWithoutTsLoader(dir);
    const tools = [
      "unplugin",
      "vite",
      "rollup",
      "rollup-plugin-esbuild",
      "webpack",
      ...(seven ? [] : ["ts-loader"]),
      "@rspack/core",
      "esbuild",
      "@types/node",
    ];
    sh(dir, "npm", ["install", tarball]);
    sh(dir, "npm", ["install", "--save-dev", `typescript@${typescript}`, ...tools.map((t) => `${t}@${DEV[t]}`)], {
      timeout: 300_000,
    });
    assert.is(
      JSON.parse(readFileSync(join(dir, "node_modules", "typescript", "package.json"), "utf8")).version,
      typescript,
    );
    const tamedPkg = JSON.parse(readFileSync(join(dir, "node_modules", "tamed", "package.json"), "utf8"));
    assert.equal(
      tamedPkg.dependencies ?? {},
      {},
      "tamed brings no dependency: unplugin and the tools are the app's dev dependencies",
    );
    assert.is(
      tamedPkg.peerDependencies?.unplugin,
      undefined,
      "unplugin is no peer either: npm would keep it in production",
    );
    const main = { vite: "main.js", rollup: "main.mjs", webpack: "main.cjs", rspack: "main.cjs", esbuild: "main.mjs" };
    const times = [];
    for (const [tool, file] of Object.entries(main)) {
      const t0 = performance.now();
      sh(dir, process.execPath, ["build.mjs", tool], { timeout: 300_000 });
      times.push(`${tool} ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      const result = JSON.parse(sh(dir, process.execPath, [join(dir, "out", tool, file)]).stdout);
      assert.is(result.onWorkers, result.inline, tool);
      assert.is(result.inline, 17984, tool);
      assert.ok(
        result.workerThreads.length > 0 && !result.workerThreads.includes(result.mainThread),
        `${tool}: ${JSON.stringify(result)}`,
      );
    }
    report(`packed tamed on TypeScript ${typescript}, builds: ${times.join(", ")}`);
    assert.match(sh(dir, "npx", ["tamed", "doctor"]).stdout, "ok       vite.config.mjs builds with tamed/vite");
    if (!mine) return;
    // Without unplugin, the plugin says what to install, and doctor flags it.
    renameSync(join(dir, "node_modules", "unplugin"), join(dir, "unplugin-aside"));
    try {
      const r = sh(dir, process.execPath, ["-e", "require('tamed/vite')"], { ok: false });
      assert.match(
        r.stderr,
        "tamed's Vite, Rollup, webpack and Rspack plugins are made with unplugin, which is not installed. Install it as a dev dependency: npm install --save-dev unplugin",
      );
      assert.match(
        sh(dir, "npx", ["tamed", "doctor"], { ok: false }).stdout,
        "PROBLEM  unplugin is not installed: tamed/rollup is made with it",
      );
    } finally {
      renameSync(join(dir, "unplugin-aside"), join(dir, "node_modules", "unplugin"));
    }
  });
}

// vitest through tamed/vite, as users install it: samples/vitest's sources and tests in a fresh project with the
// packed tamed; the plugin's tests run marked functions on worker threads (the worker modules under
// node_modules/.tamed/), and the unit tests run inline.
test("vitest in a fresh project: tests through tamed/vite run marked functions on worker threads; unit tests run inline", () => {
  const dir = freshCopy("vitest", "vitest", [
    "src",
    "test",
    "tsconfig.json",
    "vitest.config.mjs",
    "vitest.plugin.config.mjs",
    "lower-decorators.mjs",
  ]);
  sh(dir, "npm", ["install", tarball]);
  const tools = ["vitest", "vite", "unplugin", "esbuild", "@types/node"];
  sh(dir, "npm", ["install", "--save-dev", `typescript@${DEV.typescript}`, ...tools.map((t) => `${t}@${DEV[t]}`)], {
    timeout: 300_000,
  });
  // vitest colours its summary unless NO_COLOR is set (FORCE_COLOR=0 is not enough).
  const plain = { extraEnv: { NO_COLOR: "1" } };
  const plugin = sh(dir, "npx", ["vitest", "run", "--config", "vitest.plugin.config.mjs"], plain);
  assert.match(plugin.stdout, /Tests +2 passed/);
  assert.ok(
    existsSync(join(dir, "node_modules", ".tamed", "__tamed__", "words.countWords.mjs")),
    "tamed/vite wrote the worker module",
  );
  assert.match(sh(dir, "npx", ["vitest", "run"], plain).stdout, /Tests +3 passed/);
});

test("npx tamed --version prints the installed package's version", () => {
  const dir = join(work, "esm-nodenext");
  const version = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version;
  assert.is(sh(dir, "npx", ["tamed", "--version"]).stdout, `${version}\n`);
});

test("npx tamed doctor reports a broken setup with the fix, and exits 1", () => {
  const dir = join(work, "esm-nodenext");
  const good = readFileSync(join(dir, "tsconfig.json"), "utf8");
  try {
    // Built with plain tsc, from a tsconfig without the plugin.
    writeFileSync(join(dir, "tsconfig.json"), TSCONFIG(consumers[0].options));
    rmSync(join(dir, "out"), { recursive: true, force: true });
    sh(dir, "npx", ["tsc"]);
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    writeFileSync(join(dir, "package.json"), JSON.stringify({ ...pkg, scripts: { build: "tsc -p ." } }, null, 2));
    const r = sh(dir, "npx", ["tamed", "doctor"], { ok: false });
    assert.is(r.status, 1, r.stdout + r.stderr);
    assert.match(
      r.stdout,
      'PROBLEM  tsconfig.json has no { "transform": "tamed/transformer" } in compilerOptions.plugins',
    );
    assert.match(r.stdout, "fix: npx tamed setup (or add the entry by hand)");
    assert.match(r.stdout, "PROBLEM  scripts.build (`tsc -p .`) does not run tspc: plain tsc ignores the plugin");
    assert.match(
      r.stdout,
      "PROBLEM  out/ was built without the plugin: out/tasks.js calls a marker with no worker module, and there is no out/__tamed__/",
    );
    assert.match(r.stdout, "fix: build with tspc");
    assert.match(r.stdout, "3 problems found");
    // And a ts-patch that does not match the TypeScript, pretended by its package.json.
    const patchPkg = join(dir, "node_modules", "ts-patch", "package.json");
    const real = readFileSync(patchPkg, "utf8");
    const [fake, expected] = MODERN
      ? ["3.3.0", ["PROBLEM  ts-patch 3.3.0 does not patch TypeScript 6.", "fix: npm install --save-dev ts-patch@^4"]]
      : [
          "4.0.1",
          ["PROBLEM  ts-patch 4.0.1 does not patch TypeScript 5.9.", "fix: npm install --save-dev ts-patch@^3"],
        ];
    const faked = real.replace(/"version": "[^"]*"/, `"version": "${fake}"`);
    assert.ok(faked !== real, "the fake version was written");
    writeFileSync(patchPkg, faked);
    try {
      const r2 = sh(dir, "npx", ["tamed", "doctor"], { ok: false });
      for (const line of expected) assert.match(r2.stdout, line);
    } finally {
      writeFileSync(patchPkg, real);
    }
  } finally {
    writeFileSync(join(dir, "tsconfig.json"), good);
  }
});

test.run();
