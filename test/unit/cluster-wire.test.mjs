// runtime/bullmq/wire.ts: what a cluster call's arguments and outcome become in Redis.
// Small plain values go as JSON (a fraction of v8.serialize's cost), everything else as
// v8.serialize in base64; either way the other side must get what a structured clone
// between threads would give.
import { isDeepStrictEqual } from "node:util";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { outcomeValue, pack, readOutcome, unpack } from "../../dist/runtime/bullmq/wire.js";

const asJson = (v) => !pack(v).startsWith("/");

/** unpack(pack(v)) equals structuredClone(v): -0, NaN, holes and prototypes included. */
function roundTrips(v, label) {
  const got = unpack(pack(v));
  const want = structuredClone(v);
  assert.ok(isDeepStrictEqual(got, want), `${label}: got ${String(got)}`);
  assert.is(Object.getPrototypeOf(got), Object.getPrototypeOf(want), `${label}: prototype`);
}

test("small plain values (numbers, strings, booleans, null, plain arrays and objects) go as JSON and come back equal", () => {
  const cases = {
    number: [1, 2.5, -3e300],
    string: ["a", "é\u{1F600}", "\ud800 lone surrogate", ""],
    flags: [true, false, null],
    nested: [{ a: [1, { b: "c" }], __proto__x: 1 }],
    "array of rows": [Array.from({ length: 20 }, (_, i) => ({ i, name: `row ${i}` }))],
    "integer-like keys": [{ 2: "b", 1: "a", x: "c" }],
    outcome: [0, 5, "host:1:abc", 3],
  };
  for (const [label, v] of Object.entries(cases)) {
    assert.ok(asJson(v), `${label} goes as JSON`);
    roundTrips(v, label);
  }
});

test("values JSON would change go as v8.serialize and come back as a structured clone", () => {
  const shared = { n: 1 };
  const cyclic = { a: 1 };
  cyclic.self = cyclic;
  const withGetter = {
    get x() {
      return 1;
    },
  };
  const named = [1, 2];
  named.extra = "kept by a clone";
  class Point {
    constructor(x) {
      this.x = x;
    }
  }
  const cases = {
    "-0": [-0],
    NaN: [NaN],
    Infinity: [Infinity],
    undefined: [undefined],
    "a hole": [1, , 3], // eslint-disable-line no-sparse-arrays
    "an array with a named property": [named],
    Date: [new Date(0)],
    Map: [new Map([[1, 2]])],
    Set: [new Set([1])],
    bigint: [1n],
    "typed array": [new Uint8Array([1, 2])],
    "class instance": [new Point(1)],
    "null prototype": [Object.create(null)],
    "a getter": [withGetter],
    "a symbol key": [{ [Symbol("s")]: 1, a: 2 }],
    "an object twice": [shared, shared],
    cycle: [cyclic],
    "more than 256 values": [Array.from({ length: 300 }, (_, i) => i)],
  };
  for (const [label, v] of Object.entries(cases)) {
    assert.not.ok(asJson(v), `${label} goes as v8.serialize`);
    if (label !== "a getter" && label !== "cycle") roundTrips(v, label);
  }
  const [a, b] = unpack(pack([shared, shared]));
  assert.ok(a === b, "an object passed twice arrives as one object");
  const c = unpack(pack([cyclic]))[0];
  assert.ok(c.self === c, "a cycle arrives as a cycle");
  assert.equal(unpack(pack([withGetter])), [{ x: 1 }], "a getter's value, as a clone reads it");
});

test("what a structured clone refuses, pack refuses too (a function, a Proxy of a plain object)", () => {
  assert.throws(() => pack([() => 1]));
  assert.throws(() => pack([new Proxy({ a: 1 }, {})]));
});

test("an outcome reads back from a job's return value as a completion event gives it (parsed) and as its hash holds it (JSON text)", () => {
  for (const o of [
    [0, 42, "w", 1],
    [1, { name: "Error", message: "m" }, "w", null],
    [0, new Map([[1, 2]]), "w", 1],
    [0, undefined, "w", 1],
  ]) {
    // What BullMQ does with a processor's return value: JSON text in the job's hash, and
    // that text parsed in the completion event.
    const stored = JSON.stringify(outcomeValue(o));
    assert.equal(readOutcome(stored), o, "from the hash");
    assert.equal(readOutcome(JSON.parse(stored)), o, "from the event");
  }
  assert.is(readOutcome("not ours"), undefined);
  assert.is(readOutcome(["not ours"]), undefined);
});

test("an outcome JSON carries exactly is returned as the array itself (stored as JSON once), any other as packed text", () => {
  assert.equal(outcomeValue([0, 42, "w", 1]), [0, 42, "w", 1]);
  assert.ok(Array.isArray(outcomeValue([0, { a: [1, "b"] }, "w", null])));
  for (const value of [new Map(), undefined, -0, new Date(0)]) {
    const v = outcomeValue([0, value, "w", 1]);
    assert.type(v, "string");
    assert.ok(v.startsWith("/"), "v8.serialize text");
  }
  assert.throws(() => outcomeValue([0, () => 1, "w", 1]), /could not be cloned/);
});

test.run();
