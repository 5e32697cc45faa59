// Timeouts go to setTimeout, which fires after 1 ms for anything above 2^31 - 1 ms:
// such values are refused, and Infinity means no limit. Misspelled options are refused.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { program, shown } from "./harness.mjs";

const SETUP = `
  import { AsyncScope, Unfuture, configure, wait } from "tamed";
  import { cpu } from "./define.mjs";
  const spin = cpu("spin", (ms) => { const end = Date.now() + ms; while (Date.now() < end); return ms; });
  function attempt(what, run) {
    try {
      run();
      console.log(what, "accepted");
    } catch (e) {
      console.log(what, e.name, e.message);
    }
  }
`;

test("timeouts above 2^31 - 1 ms are refused with RangeError: scope timeoutMs, graceMs, idleTimeoutMs, wait({ timeoutMs })", () => {
  const r = program(`${SETUP}
    const t = spin(1);
    for (const ms of [2 ** 31, Number.MAX_SAFE_INTEGER]) {
      attempt("scope", () => new AsyncScope({ timeoutMs: ms }));
      attempt("graceMs", () => configure({ graceMs: ms }));
      attempt("idleTimeoutMs", () => configure({ idleTimeoutMs: ms }));
      attempt("wait", () => t.wait({ timeoutMs: ms }));
    }
  `);
  assert.is(r.status, 0, shown(r));
  const lines = r.stdout.trim().split("\n");
  assert.is(lines.length, 8, shown(r));
  for (const line of lines) {
    assert.match(
      line,
      /^\w+ RangeError .*`(timeoutMs|graceMs|idleTimeoutMs)` must be a number of milliseconds from 0 to 2147483647 .*got (2147483648|9007199254740991)$/,
      line,
    );
  }
  assert.ok(lines[0].includes("Infinity for no limit"), lines[0]);
  assert.not.ok(lines[1].includes("Infinity"), `graceMs has no "no limit": ${lines[1]}`);
});

test("2^31 - 1 ms is accepted, and a scope with that timeout does not time out a short task", () => {
  const r = program(`${SETUP}
    const max = 2 ** 31 - 1;
    configure({ graceMs: max, idleTimeoutMs: max });
    const scope = new AsyncScope({ timeoutMs: max });
    const t = scope.spawn(spin, 100);
    console.log(t.wait({ timeoutMs: max }));
    scope[Symbol.dispose]();
    console.log("exited");
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(r.stdout, "100\nexited\n", shown(r));
});

test("Infinity means no limit: scope timeoutMs, idleTimeoutMs, wait({ timeoutMs }); graceMs refuses it", () => {
  const r = program(`${SETUP}
    const scope = new AsyncScope({ timeoutMs: Infinity });
    configure({ idleTimeoutMs: Infinity });
    console.log(scope.spawn(spin, 100).wait({ timeoutMs: Infinity }));
    scope[Symbol.dispose]();
    console.log("exited");
    attempt("graceMs", () => configure({ graceMs: Infinity }));
  `);
  assert.is(r.status, 0, shown(r));
  assert.match(
    r.stdout,
    /^100\nexited\ngraceMs RangeError configure\(\): `graceMs` must be a number of milliseconds from 0 to 2147483647 \(about 24.8 days\), got Infinity\n$/,
    shown(r),
  );
});

test("wait(), result(), block() and wait(p) refuse misspelled options, as configure() does", () => {
  const r = program(`${SETUP}
    const t = spin(1);
    t.wait();
    attempt("wait", () => t.wait({ timeoutMS: 10 }));
    attempt("result", () => t.result({ timeout: 10 }));
    attempt("block", () => t.block({ timeoutMs: 10, extra: 1 }));
    attempt("wait(p)", () => wait(t, { timeoutms: 10 }));
    attempt("not an object", () => t.wait(10));
    attempt("subscribe", () => t.subscribe(undefined, undefined, { block: true }));
    attempt("good", () => t.wait({ timeoutMs: 10 }));
    attempt("undefined", () => t.wait(undefined));
  `);
  assert.is(r.status, 0, shown(r));
  assert.is(
    r.stdout,
    [
      "wait TypeError wait(): unknown option `timeoutMS`; the options are `timeoutMs`",
      "result TypeError result(): unknown option `timeout`; the options are `timeoutMs`",
      "block TypeError block(): unknown option `extra`; the options are `timeoutMs`",
      "wait(p) TypeError wait(): unknown option `timeoutms`; the options are `timeoutMs`",
      "not an object TypeError wait(): options must be an object like { timeoutMs: 1000 }, got 10",
      "subscribe TypeError subscribe(): unknown option `block`; the options are `blocks`",
      "good accepted",
      "undefined accepted",
      "",
    ].join("\n"),
    shown(r),
  );
});

test.run();
