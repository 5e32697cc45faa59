// runtime/class-instance.ts: refusing a class instance that structured clone would turn
// into a plain object, and Buffers made Buffers again after crossing.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Blob } from "node:buffer";
import { asBuffer, isBuffer, lostClass } from "../../dist/runtime/class-instance.js";

test("an instance of a user's class would lose its class, and the reason names both classes", () => {
  class Point {
    constructor(x) {
      this.x = x;
    }
    norm() {
      return Math.abs(this.x);
    }
  }
  assert.is(
    lostClass(new Point(1)),
    "an instance of class Point would arrive as a plain Object, without its class and methods",
  );
});

test("an instance of an anonymous class is named (anonymous)", () => {
  const Anon = (() => class {})();
  Object.defineProperty(Anon, "name", { value: "" });
  assert.is(
    lostClass(new Anon()),
    "an instance of class (anonymous) would arrive as a plain Object, without its class and methods",
  );
});

test("a subclass of Map would arrive as a plain Map", () => {
  class Registry extends Map {}
  assert.is(
    lostClass(new Registry([[1, 2]])),
    "an instance of class Registry would arrive as a plain Map, without its class and methods",
  );
});

test("primitives, plain objects, arrays and the built-ins structured clone keeps pass", () => {
  const values = [
    undefined,
    null,
    0,
    "s",
    true,
    1n,
    Symbol("s"),
    {},
    Object.create(null),
    [],
    new Map(),
    new Set(),
    new Date(),
    /re/,
    new ArrayBuffer(1),
    new Uint8Array(1),
    new DataView(new ArrayBuffer(1)),
    new Error("e"),
    new TypeError("t"),
    Object(1),
    Object("s"),
    Object(true),
    Object(1n),
  ];
  for (const v of values)
    assert.is(lostClass(v), undefined, String(v?.constructor?.name ?? v?.toString?.() ?? typeof v));
});

test("a user's subclass of Error passes: errors have their own codec", () => {
  class MyError extends Error {}
  assert.is(lostClass(new MyError("m")), undefined);
});

test("platform objects Node clones as themselves pass", () => {
  assert.is(lostClass(new Blob(["x"])), undefined);
});

test("a value structured clone refuses outright is left for postMessage to report", () => {
  class Holder {
    f = () => 1;
  }
  assert.is(lostClass(new Holder()), undefined);
  assert.is(lostClass({ f() {} }), undefined);
});

test("only the top level is looked at: a class instance inside a plain object passes", () => {
  class Point {}
  assert.is(lostClass({ p: new Point() }), undefined);
  assert.is(lostClass([new Point()]), undefined);
});

test("isBuffer tells a Buffer from a plain Uint8Array", () => {
  assert.ok(isBuffer(Buffer.from("hi")));
  assert.not.ok(isBuffer(new Uint8Array(2)));
  assert.not.ok(isBuffer("hi"));
  assert.not.ok(isBuffer(null));
});

test("asBuffer makes a Buffer over the same memory, with the view's offset and length", () => {
  const backing = new ArrayBuffer(8);
  const bytes = new Uint8Array(backing, 2, 3);
  bytes.set([104, 105, 33]);
  const buf = asBuffer(bytes);
  assert.ok(Buffer.isBuffer(buf));
  assert.is(buf.toString(), "hi!");
  assert.is(buf.buffer, backing);
  assert.is(buf.byteOffset, 2);
  assert.is(buf.length, 3);
  buf[0] = 72;
  assert.is(bytes[0], 72);
});

test("a Buffer that crossed as a Uint8Array reads as text again after asBuffer", () => {
  const crossed = structuredClone(Buffer.from("hello"));
  assert.not.ok(Buffer.isBuffer(crossed));
  assert.is(asBuffer(crossed).toString(), "hello");
});

test.run();
