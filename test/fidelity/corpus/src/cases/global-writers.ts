// Tables changed at load by the environment's own functions: Atomics.store, structuredClone
// moving a buffer (its `transfer` option detaches it), Buffer.from over a table's memory,
// Error.captureStackTrace on an object.
import { makeAsync } from "tamed";

const COUNTS = new Int32Array(new SharedArrayBuffer(8));
Atomics.store(COUNTS, 0, 5);
Atomics.add(COUNTS, 1, 7);

const STATE = new ArrayBuffer(8);
structuredClone(STATE, { transfer: [STATE] });

const TABLE = new Uint8Array(4);
Buffer.from(TABLE.buffer).fill(9);

const TRACED: { stack?: string } = {};
Error.captureStackTrace(TRACED);

export const probe = makeAsync((): string =>
  JSON.stringify({ counts: [...COUNTS], state: STATE.byteLength, table: [...TABLE], traced: "stack" in TRACED }),
);
