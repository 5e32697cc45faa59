// Every code block of README.md whose info string starts with `ts`, `typescript` or `js`
// runs here, for real. The test writes each ```ts block as a module of one generated project,
// test/fixtures/readme/ (gitignored), compiles them all in ONE run of the real tspc with the
// plugin, and runs each block's output in its own node process on real worker threads.
//
//   ```ts                 runs; it must compile without a diagnostic and exit 0. A block may hold
//                         several files, each starting at a `// name.ts` line; main.ts runs.
//   ```ts signature       an API signature: type-checked, not run. Declarations go inside
//                         `declare namespace documented { ... }`; each real function, instantiated
//                         with the documented type parameters (`typeof real.f<T>`, which picks
//                         the overload with as many), must be assignable to the documented one,
//                         and each documented interface must be the same type as the real one.
//                         `new X({ a = "x", b? })` is checked against X's options type (the same
//                         keys, optional where the README says so, defaults of the right type).
//   ```ts error=TS77001   must fail to compile with exactly that diagnostic code.
//   ```js                 runs with node as an ES module, in a folder holding a small TypeScript
//                         project (src/main.ts, tsconfig.json) for a build script to build; what
//                         an esbuild script writes to dist/main.js runs too. A block that is a
//                         config file (`export default`, importing tamed/vite, /rollup, /webpack or
//                         /rspack) is written as that tool's config and built with the tool's API,
//                         and its dist/main.{js,mjs,cjs} runs.
//
// What a block uses without defining or importing it comes from imports the test adds on
// the block's first line (one line, so README line numbers stay computable): tamed's exports
// from "tamed", and the names of test/readme-prelude.ts (countPrimes, slowEcho, url, ...),
// written as a user would write them. A statement line ending in a comment that is a literal,
// `task.wait(); // 9592` or `console.log(x); // [3, 1, 2]`, is a claim: the block checks at run
// time that the value is deep-equal to it. The examples' `fetch`es of https://example.org and
// its subdomains are answered by a stub (there is no network here; fetch-stub.mjs, loaded with
// --import, which Node also runs on each worker thread).
//
// `sh`, `jsonc` and output blocks are not run here: package.test.mjs already runs `npm install`,
// `npx tamed setup` and `npm run build` in fresh projects; output blocks are what programs print.
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { FIXTURES, ROOT, report } from "./helpers.mjs";

const DIR = join(FIXTURES, "readme");
const PRELUDE = join(ROOT, "test", "readme-prelude.ts");
const TSPC = join(ROOT, "node_modules", "ts-patch", "bin", "tspc.js");
const RUN_MS = 30_000;
let started;

// ---------------------------------------------------------------------------------------------
// The README's fenced blocks.

const TS_LANGS = new Set(["ts", "typescript"]);
const JS_LANGS = new Set(["js"]);

/** Every fenced block: its opening fence's line (1-based), info string and lines (list indentation removed). */
function fencedBlocks(text) {
  const lines = text.split("\n");
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^( *)(`{3,}|~{3,})(.*)$/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, info] = open;
    let j = i + 1;
    while (j < lines.length && !new RegExp(`^ *${fence[0]}{${fence.length},} *$`).test(lines[j])) j++;
    if (j === lines.length) throw new Error(`README.md:${i + 1}: the fence is never closed`);
    const body = lines.slice(i + 1, j).map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l.trimStart()));
    blocks.push({ line: i + 1, info: info.trim(), body, firstLine: i + 2 });
    i = j;
  }
  return blocks;
}

/** What the test does with a block: run, signature, error, js, or other (not run), or a problem to report. */
function classify(block) {
  const [lang = "", ...attrs] = block.info.split(/\s+/).filter(Boolean);
  if (TS_LANGS.has(lang)) {
    if (attrs.length === 0) return { kind: "run" };
    if (attrs.length === 1 && attrs[0] === "signature") return { kind: "signature" };
    const error = attrs.length === 1 ? /^error=(TS\d+)$/.exec(attrs[0]) : null;
    if (error) return { kind: "error", code: error[1] };
    return {
      kind: "problem",
      problem: `unknown info string "${block.info}" (known: ts, ts signature, ts error=TS77001)`,
    };
  }
  if (JS_LANGS.has(lang))
    return attrs.length === 0 ? { kind: "js" } : { kind: "problem", problem: `unknown info string "${block.info}"` };
  if (/^(typescript|ts|js|javascript|mjs|cjs|tsx|jsx)\b/.test(lang))
    return { kind: "problem", problem: `info string "${block.info}": use ts or js` };
  return { kind: "other", lang: lang || "(output)" };
}

const blocks = fencedBlocks(readFileSync(join(ROOT, "README.md"), "utf8")).map((b) => ({ ...b, ...classify(b) }));

// ---------------------------------------------------------------------------------------------
// Names: what tamed and the prelude export, and what a block uses without declaring.

const parse = (text, name = "block.ts") =>
  ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);

function exportedNames(text) {
  const names = new Set();
  const exported = (n) => ts.getCombinedModifierFlags(n) & ts.ModifierFlags.Export;
  for (const s of parse(text).statements) {
    if (ts.isExportDeclaration(s) && s.exportClause && ts.isNamedExports(s.exportClause))
      for (const e of s.exportClause.elements) names.add(e.name.text);
    else if (ts.isVariableStatement(s) && exported(s))
      for (const d of s.declarationList.declarations) names.add(d.name.getText());
    else if (
      (ts.isFunctionDeclaration(s) ||
        ts.isClassDeclaration(s) ||
        ts.isInterfaceDeclaration(s) ||
        ts.isTypeAliasDeclaration(s) ||
        ts.isEnumDeclaration(s)) &&
      s.name &&
      exported(s)
    )
      names.add(s.name.text);
  }
  return names;
}

const TAMED_DTS = join(ROOT, "dist", "runtime", "index.d.ts");
if (!existsSync(TAMED_DTS)) throw new Error(`${TAMED_DTS} is missing: run npm run build first`);
const TAMED_NAMES = exportedNames(readFileSync(TAMED_DTS, "utf8"));
const PRELUDE_NAMES = exportedNames(readFileSync(PRELUDE, "utf8"));

const DECLARATIONS = [
  ts.isVariableDeclaration,
  ts.isParameter,
  ts.isFunctionDeclaration,
  ts.isFunctionExpression,
  ts.isClassDeclaration,
  ts.isClassExpression,
  ts.isInterfaceDeclaration,
  ts.isTypeAliasDeclaration,
  ts.isEnumDeclaration,
  ts.isImportSpecifier,
  ts.isImportClause,
  ts.isNamespaceImport,
  ts.isBindingElement,
  ts.isTypeParameterDeclaration,
  ts.isModuleDeclaration,
];

/** The identifiers a file uses that it does not declare or import. */
function freeNames(text) {
  const used = new Set();
  const declared = new Set();
  const visit = (node) => {
    if (ts.isIdentifier(node)) {
      const p = node.parent;
      if (ts.isShorthandPropertyAssignment(p)) used.add(node.text);
      else if (DECLARATIONS.some((is) => is(p)) && p.name === node) declared.add(node.text);
      else if (!(
        p.name === node ||
        (ts.isQualifiedName(p) && p.right === node) ||
        (ts.isImportSpecifier(p) && p.propertyName === node) ||
        (ts.isBindingElement(p) && p.propertyName === node)
      ))
        used.add(node.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(parse(text));
  return [...used].filter((n) => !declared.has(n));
}

/** The one line of imports put before a file's first line. */
function importLine(text, { fromPrelude = true, claims = false } = {}) {
  const free = freeNames(text);
  const fromTamed = free.filter((n) => TAMED_NAMES.has(n)).sort();
  const fromPreludeNames = fromPrelude ? free.filter((n) => PRELUDE_NAMES.has(n)).sort() : [];
  const parts = [];
  if (fromTamed.length) parts.push(`import { ${fromTamed.join(", ")} } from "tamed";`);
  if (fromPreludeNames.length) parts.push(`import { ${fromPreludeNames.join(", ")} } from "../prelude.js";`);
  if (claims) parts.push(`import { claim as __claim } from "../claim.js";`);
  return parts.join(" ");
}

// ---------------------------------------------------------------------------------------------
// Claims: `expression; // literal`.

const LITERAL_KINDS = new Set([
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.NumericLiteral,
  ts.SyntaxKind.TrueKeyword,
  ts.SyntaxKind.FalseKeyword,
  ts.SyntaxKind.NullKeyword,
  ts.SyntaxKind.ArrayLiteralExpression,
  ts.SyntaxKind.ObjectLiteralExpression,
  ts.SyntaxKind.PropertyAssignment,
  ts.SyntaxKind.Identifier,
  ts.SyntaxKind.PrefixUnaryExpression,
]);

/** The comment's text if it is a literal value (a string, number, array or object of literals). */
function literalComment(comment) {
  const sf = parse(`(${comment});`);
  if (sf.parseDiagnostics.length || sf.statements.length !== 1) return undefined;
  const expr = sf.statements[0].expression.expression;
  let ok = true;
  const visit = (node) => {
    if (!LITERAL_KINDS.has(node.kind)) ok = false;
    // An identifier only as an object key: `{ threads: 2 }`.
    else if (ts.isIdentifier(node) && !(ts.isPropertyAssignment(node.parent) && node.parent.name === node)) ok = false;
    else if (ts.isPrefixUnaryExpression(node) && node.operator !== ts.SyntaxKind.MinusToken) ok = false;
    ts.forEachChild(node, visit);
  };
  visit(expr);
  return ok ? comment : undefined;
}

/** The line with its claim wrapped in `__claim(readmeLine, value, literal)`, or undefined if it holds no claim. */
function withClaim(line, readmeLine) {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, line);
  let commentAt = -1;
  for (let k = scanner.scan(); k !== ts.SyntaxKind.EndOfFileToken; k = scanner.scan()) {
    if (k === ts.SyntaxKind.SingleLineCommentTrivia) {
      commentAt = scanner.getTokenStart();
      break;
    }
  }
  if (commentAt < 0) return undefined;
  const expected = literalComment(line.slice(commentAt + 2).trim());
  if (expected === undefined) return undefined;
  const code = line.slice(0, commentAt);
  const prefix = "async function __f() {\n";
  const sf = parse(`${prefix}${code}\n}`);
  const body = sf.statements[0]?.body?.statements ?? [];
  if (sf.parseDiagnostics.length || body.length !== 1)
    throw new Error(
      `README.md:${readmeLine}: the comment ${expected} reads as a claim, but its line is not one whole statement`,
    );
  const s = body[0];
  let target;
  if (ts.isExpressionStatement(s)) {
    const e = s.expression;
    const isLog = ts.isCallExpression(e) && e.expression.getText() === "console.log" && e.arguments.length === 1;
    target = isLog ? e.arguments[0] : e;
  } else if (
    ts.isVariableStatement(s) &&
    s.declarationList.declarations.length === 1 &&
    s.declarationList.declarations[0].initializer
  ) {
    target = s.declarationList.declarations[0].initializer;
  } else {
    throw new Error(
      `README.md:${readmeLine}: the comment ${expected} reads as a claim, but its line is neither an expression nor a declaration`,
    );
  }
  const start = target.getStart() - prefix.length;
  const end = target.getEnd() - prefix.length;
  return `${code.slice(0, start)}__claim(${readmeLine}, ${code.slice(start, end)}, ${expected})${code.slice(end)}`;
}

// ---------------------------------------------------------------------------------------------
// Generating the project.

/** A block's files: split at `// name.ts` lines if it starts with one, else one main.ts. */
function filesOf(block) {
  const marker = (l) => /^\/\/ ([\w.-]+\.ts)$/.exec(l)?.[1];
  const first = block.body.findIndex((l) => l.trim() !== "");
  if (first < 0 || marker(block.body[first]) === undefined)
    return [{ name: "main.ts", lines: block.body, firstLine: block.firstLine }];
  const files = [];
  block.body.forEach((l, k) => {
    const name = marker(l);
    if (name !== undefined) files.push({ name, lines: [], firstLine: block.firstLine + k });
    if (files.length) files.at(-1).lines.push(l);
  });
  return files;
}

/** Sibling modules the README imports but does not show (`import { isPrime } from "./math.js"`). */
const SUPPORT = { "math.ts": `export { isPrime } from "../prelude.js";\n` };

/** Where generated files' lines come from: path (relative to DIR) -> { block, firstLine, header }. */
const origins = new Map();

function write(path, text) {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
}

/** The README line of line `n` (1-based) of a generated file (its block's fence for generated lines); undefined for other files. */
function readmeLineOf(rel, n) {
  const o = origins.get(rel);
  if (o === undefined) return undefined;
  const k = n - 1 - o.header;
  return k >= 0 && k < o.count ? o.firstLine + k : o.block.line;
}

/** Output with generated files' locations turned into README lines. */
function inReadme(text) {
  return text.replace(
    /(?:[\w/.-]*\/test\/fixtures\/readme\/)?(src\/line-\d+\/[\w.-]+\.ts)(?::(\d+)(?::\d+)?|\((\d+),\d+\))/g,
    (all, rel, a, b) => {
      const line = readmeLineOf(rel, Number(a ?? b));
      return line === undefined ? all : `${all} [README.md:${line}]`;
    },
  );
}

const CLAIM_TS = `import { inspect, isDeepStrictEqual } from "node:util";

/** A README comment's value checked at run time (written by test/readme.test.mjs). */
export function claim<T>(line: number, actual: T, expected: unknown): T {
  if (!isDeepStrictEqual(actual, expected)) {
    throw new Error(\`README.md:\${line}: the comment says \${inspect(expected)}, but the code gives \${inspect(actual)}\`);
  }
  console.log(\`[readme claim \${line} holds]\`);
  return actual;
}
`;

const FETCH_STUB = `// Written by test/readme.test.mjs: the README's examples fetch https://example.org and its
// subdomains; there is no network here. Loaded with --import, so also on each worker thread.
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (url.hostname !== "example.org" && !url.hostname.endsWith(".example.org")) return realFetch(input, init);
  init?.signal?.throwIfAborted();
  await new Promise((r) => setTimeout(r, 5));
  return new Response(\`\${url.hostname}\${url.pathname}\`, { status: 200 });
};
`;

const SAME = "type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;";

/** A signature block as a module that type-checks what it documents against the real exports. */
function signatureModule(block) {
  const text = block.body.join("\n");
  const ctor = /^new (\w+)\(\{ (.*) \}\)$/.exec(text.trim());
  if (ctor) {
    const [, cls, list] = ctor;
    const entries = list.split(", ").map((e) => /^(\w+)(\?)?(?: = (.+))?$/.exec(e));
    if (entries.some((e) => e === null))
      throw new Error(`README.md:${block.line}: cannot read the options of ${text.trim()}`);
    const names = entries.map(([, n]) => JSON.stringify(n)).join(" | ");
    const lines = [
      `import * as real from "tamed";`,
      SAME,
      `type Options = NonNullable<ConstructorParameters<typeof real.${cls}>[0]>;`,
      `export const sameKeys: Same<keyof Options, ${names}> = true;`,
      ...entries.map(([, n, q, dflt]) =>
        q || dflt
          ? `export const optional_${n}: {} extends Pick<Options, "${n}"> ? true : false = true;`
          : `export const required_${n}: {} extends Pick<Options, "${n}"> ? false : true = true;`,
      ),
      ...entries.filter(([, , , d]) => d).map(([, n, , d]) => `export const default_${n}: Options["${n}"] = ${d};`),
    ];
    return { text: lines.join("\n") + "\n", header: lines.length, count: 0 };
  }
  const sf = parse(text);
  const checks = [SAME];
  for (const s of sf.statements) {
    if (ts.isFunctionDeclaration(s) && s.name && !s.body) {
      // The real export, instantiated with the documented type parameters (which picks the
      // overload with that many; an overloaded export assigned as a whole would be compared
      // leniently), must be assignable to the documented function.
      const n = s.name.text;
      const tps = s.typeParameters ?? [];
      const decl = tps.length ? `<${tps.map((t) => t.getText()).join(", ")}>` : "";
      const args = tps.length ? `<${tps.map((t) => t.name.text).join(", ")}>` : "";
      checks.push(
        `export function check_${n}${decl}(f: typeof real.${n}${args}): typeof documented.${n}${args} { return f; }`,
      );
    } else if (ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s)) {
      if (s.typeParameters)
        throw new Error(
          `README.md:${block.line}: generic types in a signature block are not checked yet: ${s.name.text}`,
        );
      checks.push(`export const type_${s.name.text}: Same<documented.${s.name.text}, real.${s.name.text}> = true;`);
    } else
      throw new Error(
        `README.md:${block.line}: a signature block holds function declarations without bodies, interfaces and types, or one \`new X({ ... })\`; not: ${s.getText().split("\n")[0]}`,
      );
  }
  const header = [
    `import * as real from "tamed"; ${importLine(text, { fromPrelude: false })}`,
    "declare namespace documented {",
  ];
  return {
    text: [...header, ...block.body, "}", ...checks].join("\n") + "\n",
    header: header.length,
    count: block.body.length,
  };
}

const TSCONFIG = `{ "extends": "../tsconfig.base.json" }\n`;
// The project a ```js block (a build script) finds around it.
const JS_TSCONFIG = `{ "extends": "../../tsconfig.base.json", "compilerOptions": { "noEmit": true, "plugins": [] } }\n`;
const JS_MAIN = `import { isWorker, makeAsync } from "tamed";

const where = makeAsync((): string => (isWorker() ? "a worker thread" : "the main thread"));
console.log(\`bundled, and ran on \${await where()}\`);
`;

/** How the test builds with a config file of the README's, through each tool's API (as its CLI would). */
const TOOL_BUILD = {
  vite: `import { build } from "vite";\nawait build({ configFile: "vite.config.mjs", logLevel: "warn" });\n`,
  rollup: `import { rollup } from "rollup";\nimport config from "./rollup.config.mjs";\nconst b = await rollup(config);\nawait b.write(config.output);\nawait b.close();\n`,
  webpack: `import webpack from "webpack";\nimport config from "./webpack.config.mjs";\nconst s = await new Promise((ok, no) => webpack(config, (e, s) => (e ? no(e) : ok(s))));\nif (s.hasErrors()) throw new Error(s.toString("errors-only"));\n`,
  rspack: `import { rspack } from "@rspack/core";\nimport config from "./rspack.config.mjs";\nconst s = await new Promise((ok, no) => rspack(config, (e, s) => (e ? no(e) : ok(s))));\nif (s.hasErrors()) throw new Error(s.toString("errors-only"));\n`,
};

/** The tool a js block is the config file of, or undefined for a script. */
function configOf(text) {
  const tool = /from "tamed\/(vite|rollup|webpack|rspack)"/.exec(text)?.[1];
  return tool !== undefined && /^export default\b/m.test(text) ? tool : undefined;
}

function generate() {
  rmSync(DIR, { recursive: true, force: true });
  write(join(DIR, "tsconfig.json"), TSCONFIG);
  write(join(DIR, "fetch-stub.mjs"), FETCH_STUB);
  copyFileSync(PRELUDE, (mkdirSync(join(DIR, "src"), { recursive: true }), join(DIR, "src", "prelude.ts")));
  write(join(DIR, "src", "claim.ts"), CLAIM_TS);
  for (const block of blocks) {
    const folder = `line-${block.line}`;
    try {
      if (block.kind === "run" || block.kind === "error") {
        block.claims = [];
        const files = filesOf(block);
        if (block.kind === "run" && !files.some((f) => f.name === "main.ts"))
          throw new Error(`README.md:${block.line}: a block of several files needs a // main.ts to run`);
        for (const f of files) {
          const lines =
            block.kind === "run"
              ? f.lines.map((l, k) => {
                  const rewritten = withClaim(l, f.firstLine + k);
                  if (rewritten !== undefined) block.claims.push(f.firstLine + k);
                  return rewritten ?? l;
                })
              : f.lines;
          const body = lines.join("\n");
          const rel = `src/${folder}/${f.name}`;
          write(join(DIR, rel), `${importLine(f.lines.join("\n"), { claims: block.claims.length > 0 })}\n${body}\n`);
          origins.set(rel, { block, firstLine: f.firstLine, header: 1, count: f.lines.length });
          for (const [name, text] of Object.entries(SUPPORT)) {
            if (!files.some((g) => g.name === name) && body.includes(`"./${name.replace(/\.ts$/, ".js")}"`))
              write(join(DIR, "src", folder, name), text);
          }
        }
        block.files = files.map((f) => `src/${folder}/${f.name}`);
      } else if (block.kind === "signature") {
        const rel = `src/${folder}/signature.ts`;
        const m = signatureModule(block);
        write(join(DIR, rel), m.text);
        origins.set(rel, { block, firstLine: block.firstLine, header: m.header, count: m.count });
        block.files = [rel];
      } else if (block.kind === "js") {
        const dir = join(DIR, `js-${folder}`);
        write(join(dir, "tsconfig.json"), JS_TSCONFIG);
        write(join(dir, "src", "main.ts"), JS_MAIN);
        const tool = configOf(block.body.join("\n"));
        if (tool === undefined) write(join(dir, "main.mjs"), block.body.join("\n") + "\n");
        else {
          write(join(dir, `${tool}.config.mjs`), block.body.join("\n") + "\n");
          write(join(dir, "main.mjs"), TOOL_BUILD[tool]);
        }
        block.dir = dir;
      }
    } catch (e) {
      block.problem = e.message;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Compiling (once) and running (at most as many processes at once as there are cores).

function childEnv() {
  const env = { ...process.env, NO_COLOR: "1" };
  delete env.FORCE_COLOR;
  delete env.TAMED_INLINE;
  return env;
}

let active = 0;
const queue = [];
async function limited(fn) {
  if (active >= Math.max(2, availableParallelism())) await new Promise((r) => queue.push(r));
  active++;
  try {
    return await fn();
  } finally {
    active--;
    queue.shift()?.();
  }
}

/** `node ...args` in `cwd`, without blocking this thread. */
function runNode(args, cwd) {
  return limited(
    () =>
      new Promise((resolve) => {
        const t0 = performance.now();
        const child = spawn(process.execPath, args, { cwd, env: childEnv(), timeout: RUN_MS });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("close", (status, signal) => resolve({ status, signal, stdout, stderr, ms: performance.now() - t0 }));
      }),
  );
}

/** tspc's diagnostics, by file (relative to DIR; "" for those without a file). */
function diagnosticsOf(stdout) {
  const byFile = new Map();
  let last;
  for (const line of stdout.split("\n")) {
    const m = /^(\S+?\.ts)\((\d+),(\d+)\): error (TS\d+): /.exec(line) ?? /^()error (TS\d+): /.exec(line);
    if (m) {
      const [file, code] = m.length === 5 ? [m[1], m[4]] : ["", m[2]];
      last = { code, text: line };
      byFile.set(file, [...(byFile.get(file) ?? []), last]);
    } else if (last && line.trim()) last.text += `\n${line}`;
  }
  return byFile;
}

generate();

/** Starts the js blocks, which do not need the tspc build (not at import: npm test imports every test file first). */
function startJs() {
  for (const block of blocks.filter((b) => b.kind === "js" && !b.problem)) {
    block.result = runNode([join(block.dir, "main.mjs")], block.dir).then(async (r) => {
      const bundle = ["main.js", "main.mjs", "main.cjs"]
        .map((f) => join(block.dir, "dist", f))
        .find((f) => existsSync(f));
      if (r.status !== 0 || !/from "tamed\/(?:esbuild|vite|rollup|webpack|rspack)"/.test(block.body.join("\n")))
        return r;
      if (bundle === undefined) return { ...r, status: -1, stderr: `${r.stderr}\nthe build wrote no dist/main.js` };
      const out = await runNode([bundle], block.dir);
      if (out.status === 0 && !out.stdout.includes("bundled, and ran on a worker thread"))
        return { ...out, status: -1, stderr: `${out.stderr}\n${bundle} did not say it ran on a worker thread` };
      return { ...out, ms: r.ms + out.ms };
    });
  }
}

let build;
function compiled() {
  if (build) return build;
  startJs();
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [TSPC, "-p", DIR], {
    cwd: DIR,
    env: childEnv(),
    encoding: "utf8",
    timeout: 120_000,
  });
  build = { ...r, ms: performance.now() - t0, diagnostics: diagnosticsOf(r.stdout ?? "") };
  for (const block of blocks) {
    if (block.kind === "run" && !block.problem) {
      const entry = join(DIR, "out", `line-${block.line}`, "main.js");
      block.result = runNode(["--import", join(DIR, "fetch-stub.mjs"), "--enable-source-maps", entry], DIR);
    }
  }
  return build;
}

const where = (block) => `README.md:${block.line} (\`\`\`${block.info})`;

function diagnosticsText(list) {
  return inReadme(list.map((d) => d.text).join("\n"));
}

// ---------------------------------------------------------------------------------------------
// The tests.

test("README.md: every ts / js block is run, type-checked as a signature or error-checked", () => {
  started = performance.now();
  const problems = blocks.filter((b) => b.kind === "problem" || b.problem).map((b) => `${where(b)}: ${b.problem}`);
  assert.equal(problems, [], problems.join("\n"));
  assert.ok(
    blocks.some((b) => b.kind === "run"),
    "no runnable block found in README.md",
  );
});

test("README.md: the blocks compile in one tspc run of one project, with diagnostics only where a block expects them", () => {
  const r = compiled();
  assert.not.ok(r.error, `tspc: ${r.error?.message}`);
  const known = new Set(blocks.flatMap((b) => b.files ?? []));
  const stray = [...r.diagnostics].filter(([file]) => !known.has(file)).flatMap(([, list]) => list);
  assert.equal(
    stray.length,
    0,
    `tspc reported outside the README's blocks (the prelude? the project?):\n${diagnosticsText(stray)}`,
  );
  // 2: diagnostics, which the blocks' own tests check; anything else is tspc failing.
  assert.is(r.status, r.diagnostics.size ? 2 : 0, `tspc exited ${r.status}:\n${inReadme(r.stdout)}${r.stderr}`);
});

for (const block of blocks) {
  if (block.kind === "run") {
    test(`${where(block)} compiles and runs`, async () => {
      if (block.problem) assert.unreachable(`${where(block)}: ${block.problem}`);
      const { diagnostics } = compiled();
      const mine = block.files.flatMap((f) => diagnostics.get(f) ?? []);
      assert.equal(mine.length, 0, `${where(block)} does not compile:\n${diagnosticsText(mine)}`);
      const r = await block.result;
      const output = inReadme(`${r.stdout}${r.stderr}`);
      assert.not.ok(r.signal, `${where(block)} did not finish within ${RUN_MS} ms (${r.signal}):\n${output}`);
      assert.is(r.status, 0, `${where(block)} failed (exit ${r.status}):\n${output}`);
      for (const line of block.claims)
        assert.ok(
          r.stdout.includes(`[readme claim ${line} holds]`),
          `${where(block)}: the claim on README.md:${line} was never checked:\n${output}`,
        );
      block.ms = r.ms;
    });
  } else if (block.kind === "signature") {
    test(`${where(block)} type-checks against the real exports`, () => {
      if (block.problem) assert.unreachable(`${where(block)}: ${block.problem}`);
      const mine = block.files.flatMap((f) => compiled().diagnostics.get(f) ?? []);
      assert.equal(
        mine.length,
        0,
        `${where(block)} does not match tamed's API:\n${diagnosticsText(mine)}\n(generated: ${join(DIR, block.files[0])})`,
      );
    });
  } else if (block.kind === "error") {
    test(`${where(block)} fails to compile with ${block.code}, and only that`, () => {
      if (block.problem) assert.unreachable(`${where(block)}: ${block.problem}`);
      const mine = block.files.flatMap((f) => compiled().diagnostics.get(f) ?? []);
      assert.ok(mine.length > 0, `${where(block)} compiled without a diagnostic; expected ${block.code}`);
      assert.equal(
        [...new Set(mine.map((d) => d.code))],
        [block.code],
        `${where(block)}: expected only ${block.code}, got:\n${diagnosticsText(mine)}`,
      );
    });
  } else if (block.kind === "js") {
    test(`${where(block)} runs`, async () => {
      if (block.problem) assert.unreachable(`${where(block)}: ${block.problem}`);
      compiled(); // starts the js blocks
      const r = await block.result;
      assert.not.ok(
        r.signal,
        `${where(block)} did not finish within ${RUN_MS} ms (${r.signal}):\n${r.stdout}${r.stderr}`,
      );
      assert.is(r.status, 0, `${where(block)} failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
      block.ms = r.ms;
    });
  }
}

test("README.md: report", () => {
  const count = (kind) => blocks.filter((b) => b.kind === kind).length;
  const others = blocks.filter((b) => b.kind === "other").map((b) => b.lang);
  const byLang = [...new Set(others)].map((l) => `${others.filter((o) => o === l).length} ${l}`).join(", ");
  const claims = blocks.reduce((n, b) => n + (b.claims?.length ?? 0), 0);
  const slowest = blocks.filter((b) => b.ms !== undefined).sort((a, b) => b.ms - a.ms)[0];
  report(
    `README blocks: ${count("run")} ts run (${claims} claimed values checked), ${count("js")} js run, ${count("signature")} signatures type-checked, ` +
      `${count("error")} error-checked; not run: ${byLang}; tspc ${Math.round(build?.ms ?? 0)} ms, ` +
      `slowest block README.md:${slowest?.line} ${Math.round(slowest?.ms ?? 0)} ms, whole test ${Math.round(performance.now() - started)} ms`,
  );
});

test.run();
