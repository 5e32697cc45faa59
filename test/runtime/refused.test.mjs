// A marker given a refused descriptor (docs/contract.md: what the transformer writes for a
// function it refused with a TS77 diagnostic): calls throw BuildRefusedError quoting the
// diagnostics, in every shape generated code calls a marker in; inline mode runs them.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { program, shown } from "./harness.mjs";

const PRELUDE = `
  import { BuildRefusedError, makeAsync, NotCompiledError, poolStats, tamed } from "tamed";
  const refused = [
    "src/a.ts:3:47 - error TS77001: scaled uses 'factor', a local variable of the enclosing scope (declared at src/a.ts:2:9); a worker thread cannot see it. Pass it as an argument instead.",
    "src/a.ts:3:60 - error TS77006: scaled uses 'this', which an arrow function takes from the scope around it; no object crosses to the worker thread with the call. Pass what you need from it as an argument.",
  ];
  const d = (name) => ({ v: 1, name, refused });
  const show = (f) => {
    try {
      const r = f();
      return "returned " + typeof r;
    } catch (e) {
      return [e.name, e instanceof BuildRefusedError, e instanceof NotCompiledError, e.fn, e.diagnostics.length].join(" ");
    }
  };
`;

test("a call of a refused stub throws BuildRefusedError at once, with the function's name, each diagnostic on its line, and what to do", () => {
  const r = program(`${PRELUDE}
    const scaled = makeAsync((x) => x * 2, d("scaled"));
    try {
      scaled(21);
    } catch (e) {
      console.log(e.message);
      console.log(JSON.stringify({ name: e.name, fn: e.fn, diagnostics: e.diagnostics }));
    }
    console.log(poolStats().threads);
  `);
  assert.is(r.status, 0, shown(r));
  const lines = r.stdout.split("\n");
  assert.equal(lines.slice(0, 4), [
    "scaled() was refused by the tamed build, so it has no worker module to run in. The build reported:",
    "  src/a.ts:3:47 - error TS77001: scaled uses 'factor', a local variable of the enclosing scope (declared at src/a.ts:2:9); a worker thread cannot see it. Pass it as an argument instead.",
    "  src/a.ts:3:60 - error TS77006: scaled uses 'this', which an arrow function takes from the scope around it; no object crosses to the worker thread with the call. Pass what you need from it as an argument.",
    "Fix what it reports and build again (a build that reports errors may still write its JavaScript, as this one did); " +
      "or, to run marked functions on the calling thread (debuggers, test runners), set TAMED_INLINE=1 or call configure({ inline: true }).",
  ]);
  const { name, fn, diagnostics } = JSON.parse(lines[4]);
  assert.equal(
    { name, fn, diagnostics: diagnostics.length },
    { name: "BuildRefusedError", fn: "scaled", diagnostics: 2 },
  );
  assert.is(lines[5], "0", "no worker thread was started");
});

test("every shape a marker is compiled into carries the refusal: a wrapper call, a declaration's tamed(), a TC39 and a legacy decorator factory", () => {
  const r = program(`${PRELUDE}
    const wrapped = makeAsync((x) => x, d("wrapped"));
    let holder;
    function declared(...args) { return (holder ??= tamed(async function declared(x) { return x; }, d("declared")))(...args); }
    let init;
    const tc39 = makeAsync(d("Jobs.tc39"))(async function tc39() {}, { kind: "method", static: true, name: "tc39", addInitializer: (f) => (init = f) });
    init.call(class Jobs {});
    class Legacy { static async m() {} }
    const legacy = tamed(d("Legacy.m"))(Legacy, "m", Object.getOwnPropertyDescriptor(Legacy, "m")).value;
    for (const f of [() => wrapped(1), () => declared(1), () => tc39(), () => legacy()]) console.log(show(f));
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(
    r.stdout,
    [
      "BuildRefusedError true true wrapped 2",
      "BuildRefusedError true true declared 2",
      "BuildRefusedError true true Jobs.tc39 2",
      "BuildRefusedError true true Legacy.m 2",
      "",
    ].join("\n"),
  );
});

test("in inline mode a refused function runs on the calling thread, as one without a descriptor does", () => {
  const r = program(
    `${PRELUDE}
    const scaled = makeAsync((x) => x * 2, d("scaled"));
    const t = scaled(21);
    console.log(t.wait(), poolStats().threads);
  `,
    { env: { TAMED_INLINE: "1" } },
  );
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "42 0\n");
});

test("a refused descriptor of another contract version is refused when the module loads, as any descriptor is", () => {
  const r = program(`${PRELUDE}
    try {
      makeAsync((x) => x, { v: 99, name: "scaled", refused });
    } catch (e) {
      console.log(e.message);
    }
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(
    r.stdout,
    "scaled() was compiled by a tamed transformer that speaks contract v99, but this runtime speaks v1: rebuild the project with the installed tamed\n",
  );
});

test.run();
