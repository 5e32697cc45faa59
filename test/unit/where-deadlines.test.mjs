// runtime/where.ts (which thread am I on) and runtime/deadlines.ts (timers that a
// thread blocked in wait() fires itself).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { setTimeout as sleep } from "node:timers/promises";
import { currentThreadId, isWorker } from "../../dist/runtime/where.js";
import { fireDue, nextDeadline, setDeadline } from "../../dist/runtime/deadlines.js";

const spin = (ms) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

test("on the main thread isWorker() is false and the thread id is 0", () => {
  assert.is(isWorker(), false);
  assert.is(currentThreadId(), 0);
});

test("isWorker() reads the worker flag once, when the module loads", async () => {
  const FLAG = Symbol.for("tamed.worker");
  globalThis[FLAG] = true;
  try {
    const fresh = await import("../../dist/runtime/where.js?flagged");
    delete globalThis[FLAG];
    assert.is(fresh.isWorker(), true);
  } finally {
    delete globalThis[FLAG];
  }
  assert.is(isWorker(), false);
});

test("with no deadlines, nextDeadline gives back the time it was given and fireDue fires nothing", () => {
  assert.is(nextDeadline(12345), 12345);
  assert.is(fireDue(), false);
});

test("nextDeadline gives the nearest deadline that comes before the given time", () => {
  const before = performance.now();
  const clearFar = setDeadline(60_000, () => {});
  const clearNear = setDeadline(1_000, () => {});
  const after = performance.now();
  try {
    const next = nextDeadline(Infinity);
    assert.ok(next >= before + 1_000 && next <= after + 1_000, `${next} is 1 s from now`);
    assert.is(nextDeadline(before), before, "a time before every deadline is kept");
  } finally {
    clearFar();
    clearNear();
  }
});

test("a cleared deadline neither counts nor fires", async () => {
  let fired = 0;
  const clear = setDeadline(1, () => fired++);
  clear();
  clear(); // twice is harmless
  assert.is(nextDeadline(7), 7);
  spin(3);
  assert.is(fireDue(), false);
  await sleep(10);
  assert.is(fired, 0);
});

test("fireDue fires the deadlines that are due, once, and leaves the others", async () => {
  const fired = [];
  setDeadline(1, () => fired.push("due"));
  const clearLater = setDeadline(60_000, () => fired.push("later"));
  try {
    spin(3);
    assert.is(fireDue(), true);
    assert.equal(fired, ["due"]);
    assert.is(fireDue(), false);
    await sleep(10); // its event-loop timer was cleared: no second call
    assert.equal(fired, ["due"]);
  } finally {
    clearLater();
  }
});

test("a deadline its timer fired is not fired again by a blocked wait", async () => {
  let fired = 0;
  setDeadline(1, () => fired++);
  await sleep(15);
  assert.is(fired, 1);
  assert.is(fireDue(), false);
  assert.is(fired, 1);
});

test("clearing a deadline after it fired is harmless", async () => {
  let fired = 0;
  const clear = setDeadline(0, () => fired++);
  await sleep(5);
  clear();
  assert.is(fired, 1);
});

test.run();
