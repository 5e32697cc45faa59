// runtime/fifo.ts: the pool's queue, a ring buffer that doubles when full.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Fifo } from "../../dist/runtime/fifo.js";

const drain = (q) => {
  const out = [];
  while (q.size > 0) out.push(q.shift());
  return out;
};

test("items come out in the order they went in", () => {
  const q = new Fifo();
  for (const x of ["a", "b", "c"]) q.push(x);
  assert.equal(drain(q), ["a", "b", "c"]);
});

test("shift and peek on an empty queue give undefined and leave its size at 0", () => {
  const q = new Fifo();
  assert.is(q.shift(), undefined);
  assert.is(q.peek(), undefined);
  assert.is(q.size, 0);
  q.push(1);
  q.shift();
  assert.is(q.shift(), undefined);
  assert.is(q.peek(), undefined);
  assert.is(q.size, 0);
});

test("size counts pushes and unshifts less shifts", () => {
  const q = new Fifo();
  assert.is(q.size, 0);
  q.push(1);
  q.push(2);
  q.unshift(0);
  assert.is(q.size, 3);
  q.shift();
  assert.is(q.size, 2);
});

test("peek gives the front item without taking it", () => {
  const q = new Fifo();
  q.push("first");
  q.push("second");
  assert.is(q.peek(), "first");
  assert.is(q.peek(), "first");
  assert.is(q.size, 2);
  assert.is(q.shift(), "first");
  assert.is(q.peek(), "second");
});

test("unshift puts an item before everything queued, also on an empty queue", () => {
  const q = new Fifo();
  q.unshift("only");
  assert.is(q.peek(), "only");
  assert.is(q.shift(), "only");
  q.push("b");
  q.push("c");
  q.unshift("a");
  assert.equal(drain(q), ["a", "b", "c"]);
});

test("order holds when the ring wraps around its end and then grows", () => {
  const q = new Fifo();
  // Move the head to slot 10 of the initial 16, fill past the end, then beyond capacity.
  for (let i = 0; i < 10; i++) q.push(-1);
  for (let i = 0; i < 10; i++) q.shift();
  for (let i = 0; i < 40; i++) q.push(i);
  assert.is(q.size, 40);
  assert.equal(
    drain(q),
    Array.from({ length: 40 }, (_, i) => i),
  );
});

test("order holds when unshift wraps the head below slot 0 and the ring grows after", () => {
  const q = new Fifo();
  for (let i = 0; i < 8; i++) q.push(i);
  for (let i = 1; i <= 8; i++) q.unshift(-i); // head goes to 15, 14, ... 8
  q.unshift(-9); // full at 16: grows
  q.push(8);
  assert.equal(drain(q), [-9, -8, -7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8]);
});

test("pushes and shifts interleaved keep order across many wraps and growths", () => {
  const q = new Fifo();
  const out = [];
  let next = 0;
  for (let round = 0; round < 200; round++) {
    for (let i = 0; i < (round % 7) + 3; i++) q.push(next++);
    for (let i = 0; i < (round % 5) + 1; i++) out.push(q.shift());
  }
  out.push(...drain(q));
  assert.is(out.length, next);
  assert.ok(
    out.every((x, i) => x === i),
    "every item in push order",
  );
});

test("100,000 queued items come out in push order", () => {
  const q = new Fifo();
  const N = 100_000;
  for (let i = 0; i < N; i++) q.push(i);
  assert.is(q.size, N);
  let ok = true;
  for (let i = 0; i < N; i++) if (q.shift() !== i) ok = false;
  assert.ok(ok, "items in push order");
  assert.is(q.size, 0);
  assert.is(q.shift(), undefined);
});

test("a queued undefined or null is an item like any other", () => {
  const q = new Fifo();
  q.push(undefined);
  q.push(null);
  assert.is(q.size, 2);
  assert.is(q.shift(), undefined);
  assert.is(q.size, 1);
  assert.is(q.shift(), null);
  assert.is(q.size, 0);
});

test.run();
