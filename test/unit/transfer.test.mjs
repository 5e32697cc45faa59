// runtime/transfer.ts: transfer() marks buffers to be moved, not copied; the pool and
// the worker take the transfer list of a call's top-level values from the marks.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { MessageChannel } from "node:worker_threads";
import { MOVED_TWICE, movedTwice, transfer, transferList } from "../../dist/runtime/transfer.js";

const detach = (buffer) => structuredClone(buffer, { transfer: [buffer] });

test("transfer() returns the very value it was given", () => {
  const bytes = new Uint8Array(4);
  assert.is(transfer(bytes), bytes);
  transferList([bytes]);
});

test("a marked ArrayBuffer is in the transfer list of the values holding it", () => {
  const buffer = new ArrayBuffer(8);
  transfer(buffer);
  const list = transferList([1, "x", buffer]);
  assert.is(list.length, 1);
  assert.is(list[0], buffer);
});

test("a marked typed array or DataView moves its whole ArrayBuffer", () => {
  const backing = new ArrayBuffer(16);
  const view = new Uint16Array(backing, 4, 2);
  const dv = new DataView(new ArrayBuffer(4));
  transfer(view);
  transfer(dv);
  const list = transferList([view, dv]);
  assert.is(list[0], backing);
  assert.is(list[1], dv.buffer);
});

test("a marked MessagePort is transferred as itself", () => {
  const { port1, port2 } = new MessageChannel();
  try {
    transfer(port1);
    assert.equal(transferList([port1]), [port1]);
  } finally {
    port1.close();
    port2.close();
  }
});

test("values not marked give no transfer list at all", () => {
  assert.is(transferList([new ArrayBuffer(1), new Uint8Array(1), null, undefined, 0, { a: 1 }]), undefined);
  assert.is(transferList([]), undefined);
});

test("taking the transfer list unmarks the values: a second call copies them", () => {
  const buffer = new ArrayBuffer(1);
  transfer(buffer);
  assert.equal(transferList([buffer]), [buffer]);
  assert.is(transferList([buffer]), undefined);
});

test("only top-level values are looked at: a marked buffer inside an object is copied and stays marked", () => {
  const buffer = new ArrayBuffer(1);
  transfer(buffer);
  assert.is(transferList([{ buffer }, [buffer]]), undefined);
  assert.equal(transferList([buffer]), [buffer]);
});

test("the marks are shared by every copy of the runtime on a thread", () => {
  const buffer = new ArrayBuffer(1);
  transfer(buffer);
  assert.ok(globalThis[Symbol.for("tamed.transfer")].has(buffer));
  transferList([buffer]);
  assert.not.ok(globalThis[Symbol.for("tamed.transfer")].has(buffer));
});

test("transfer() of anything but a buffer or port is a TypeError that says what it got", () => {
  const cases = [
    [null, "null"],
    [undefined, "undefined"],
    [[1, 2], "object"],
    [{}, "object"],
    ["bytes", "string"],
    [7, "number"],
  ];
  for (const [value, got] of cases) {
    assert.throws(
      () => transfer(value),
      (e) =>
        e instanceof TypeError &&
        e.message === `transfer() takes an ArrayBuffer, a typed array, a DataView or a MessagePort, got ${got}`,
      String(value),
    );
  }
});

test("movedTwice finds a value whose buffer is to be moved but was moved already", () => {
  const fresh = new ArrayBuffer(4);
  const gone = new ArrayBuffer(4);
  detach(gone);
  assert.is(movedTwice([fresh, gone], [fresh, gone]), 1);
  const view = new Uint8Array(new ArrayBuffer(4));
  detach(view.buffer);
  assert.is(movedTwice(["x", view], [view.buffer]), 1);
});

test("movedTwice ignores buffers not in the transfer list, empty buffers that are not detached, and other values", () => {
  const gone = new ArrayBuffer(4);
  detach(gone);
  assert.is(movedTwice([gone], []), -1);
  const empty = new ArrayBuffer(0);
  assert.is(movedTwice([empty], [empty]), -1);
  const { port1, port2 } = new MessageChannel();
  try {
    assert.is(movedTwice([null, 1, port1, { gone }], [port1]), -1);
  } finally {
    port1.close();
    port2.close();
  }
});

test("the moved-twice reason tells how to send a buffer again", () => {
  assert.match(MOVED_TWICE, /a buffer moves once; transfer a copy \(bytes\.slice\(\)\) to send it again$/);
});

test.run();
