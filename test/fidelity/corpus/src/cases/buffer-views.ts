// Tables filled at load through another view of their memory: a DataView over a typed
// array's buffer, a byte view of a 32-bit table, a Float64Array over a buffer a DataView wrote.
import { makeAsync } from "tamed";

const BE16 = new Uint16Array(4);
const view = new DataView(BE16.buffer);
for (let i = 0; i < 4; i++) view.setUint16(i * 2, 0x0100 * (i + 1), true);

const TABLE32 = new Uint32Array(2);
const bytes = new Uint8Array(TABLE32.buffer);
bytes.fill(1);

const BUF = new ArrayBuffer(8);
new DataView(BUF).setFloat64(0, 2.5, true);
const F64 = new Float64Array(BUF);

export const entries = makeAsync((i: number): number[] => [BE16[i] ?? -1, TABLE32[0]!, F64[0]!]);
