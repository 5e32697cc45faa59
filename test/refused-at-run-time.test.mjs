// A marked function the build refused (a TS77xxx diagnostic) is still in the JavaScript the
// build leaves: tsc emits despite errors (unless noEmitOnError), and tamed/esbuild's failed
// build still writes its bundle. A call of it must say that the build refused it, with the
// diagnostic (code, file:line:column, message and fix), instead of blaming the setup; in
// inline mode it runs on the calling thread, as it always did. One function of each form the
// transformer refuses: test/fixtures/refused-at-run-time/src/refused.ts. The other bundler
// plugins (unplugin) fail the bundler's build, and tamed build on TypeScript 7 writes no
// JavaScript, on a tamed diagnostic: nothing of theirs runs.
import { cpSync, existsSync, mkdirSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { compile, FIXTURES, node, ROOT } from "./helpers.mjs";

const NAME = "refused-at-run-time";
const TAMED_CLI = join(ROOT, "dist", "cli", "index.js");

/** Each call main.ts makes, and the diagnostic that refused its function: its code, and words only it has. */
const FORMS = [
  { form: "call", code: 77001, words: "scaler uses 'factor'" },
  { form: "call without a literal", code: 77003, words: "but got 'triple'" },
  { form: "declaration", code: 77001, words: "add uses 'n'" },
  { form: "method", code: 77007, words: "Jobs.apply's parameter 'f'" },
  { form: "method of a local class", code: 77009, words: "a class that is not declared at module level" },
  { form: "literal", code: 77001, words: "the function given to runAsync() in sumWith" },
];

/** The build's diagnostics in tsc's form, `src/refused.ts(7,47): error TS77001: message`, as { at, code, text }. */
function diagnostics(output) {
  return [...output.matchAll(/^(.+)\((\d+),(\d+)\): error TS(77\d\d\d): (.*)$/gm)].map(
    ([, file, line, column, code, text]) => ({ at: `${file}:${line}:${column}`, code: Number(code), text }),
  );
}

/** main.js's lines: what each call returned or threw. */
function outcomes(stdout) {
  return new Map(
    stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l))
      .map((o) => [o.form, o]),
  );
}

/** Every call threw the refusal, naming its own diagnostic as the build printed it. */
function assertRefusals(build, run, label) {
  assert.is(run.status, 0, `${label}: main failed:\n${run.stdout}${run.stderr}`);
  const found = diagnostics(build.stdout);
  const got = outcomes(run.stdout);
  for (const { form, code, words } of FORMS) {
    const d = found.find((x) => x.code === code && x.text.includes(words));
    assert.ok(d !== undefined, `${label}: the build printed no TS${code} with "${words}":\n${build.stdout}`);
    const o = got.get(form);
    assert.ok(
      o !== undefined && o.name !== undefined,
      `${label}, ${form} form: the call threw nothing: ${JSON.stringify(o)}`,
    );
    assert.is(o.name, "BuildRefusedError", `${label}, ${form} form: ${o.message}`);
    assert.ok(o.notCompiled, `${label}, ${form} form: a BuildRefusedError is a NotCompiledError`);
    for (const part of [`TS${code}`, d.at, d.text])
      assert.ok(o.message.includes(part), `${label}, ${form} form: the message lacks '${part}':\n${o.message}`);
    assert.not.match(o.message, "was not compiled by the tamed transformer", `${label}, ${form} form`);
  }
}

test("tspc: each refused function's call throws BuildRefusedError with its TS77 diagnostic (code, file:line:column, message and fix)", () => {
  const b = compile(NAME);
  assert.is(b.status, 2, `tspc must report the refusals and emit anyway (exit 2):\n${b.stdout}${b.stderr}`);
  assert.is(diagnostics(b.stdout).length, FORMS.length, b.stdout);
  assertRefusals(b, node(NAME, ["out/main.js"]), "tspc");
});

test("tspc, inline mode: each refused function runs on the calling thread, as before", () => {
  compile(NAME);
  const r = node(NAME, ["out/main.js"], { env: { TAMED_INLINE: "1" } });
  assert.is(r.status, 0, r.stdout + r.stderr);
  assert.equal(
    [...outcomes(r.stdout).values()],
    FORMS.map(({ form }) => ({ form, value: 42 })),
  );
});

test("tamed/esbuild: its failed build still writes the bundle, whose refused functions throw BuildRefusedError with their diagnostics", () => {
  rmSync(join(FIXTURES, NAME, "out-esm"), { recursive: true, force: true });
  const b = node(NAME, ["build.mjs", "esm"]);
  assert.is(b.status, 1, b.stdout + b.stderr);
  assertRefusals(b, node(NAME, ["out-esm/main.mjs"]), "tamed/esbuild");
  const inline = node(NAME, ["out-esm/main.mjs"], { env: { TAMED_INLINE: "1" } });
  assert.equal(
    [...outcomes(inline.stdout).values()],
    FORMS.map(({ form }) => ({ form, value: 42 })),
  );
});

// The same project with TypeScript 7 as its `typescript` (the repository's typescript7 package).
const TS7 = join(FIXTURES, `.tmp-${NAME}-ts7`);
rmSync(TS7, { recursive: true, force: true });
cpSync(join(FIXTURES, NAME), TS7, { recursive: true, filter: (src) => !/[\\/]out(?:-[\w-]+)?$/.test(src) });
mkdirSync(join(TS7, "node_modules"), { recursive: true });
symlinkSync(join(ROOT, "node_modules", "typescript7"), join(TS7, "node_modules", "typescript"), "dir");
test.after(() => rmSync(TS7, { recursive: true, force: true }));

test("tamed/esbuild on TypeScript 7: the same refusals, from TypeScript 7's analysis", () => {
  const b = node(`.tmp-${NAME}-ts7`, ["build.mjs", "esm"]);
  assert.is(b.status, 1, b.stdout + b.stderr);
  assertRefusals(b, node(`.tmp-${NAME}-ts7`, ["out-esm/main.mjs"]), "tamed/esbuild on TypeScript 7");
});

test("tamed build on TypeScript 7 writes no JavaScript on a tamed diagnostic: there is no refused function to call", () => {
  const b = node(`.tmp-${NAME}-ts7`, [TAMED_CLI, "build"]);
  assert.is(b.status, 1, b.stdout + b.stderr);
  assert.is(diagnostics(b.stdout).length, FORMS.length, b.stdout);
  assert.not.ok(existsSync(join(TS7, "out", "refused.js")));
});

test.run();
