// A single-producer, single-consumer ring of (int32, int32) pairs in a SharedArrayBuffer,
// with a "rung" flag: the floors' way to pass calls and replies without a message each
// (floors.mjs rawRing, workers/raw-ring.mjs). Cells 0-2 hold head, tail and rung.
const HEAD = 0;
const TAIL = 1;
const RUNG = 2;
const CAPACITY = 1 << 14;

export const newRing = () => new Int32Array(new SharedArrayBuffer(4 * (4 + 2 * CAPACITY)));

/** Adds a pair; true when the reader must be rung (it was not since it last drained). */
export function push(ring, a, b) {
  const tail = Atomics.load(ring, TAIL);
  if (tail - Atomics.load(ring, HEAD) >= CAPACITY) throw new Error("bench ring full");
  const i = 4 + 2 * (tail % CAPACITY);
  ring[i] = a;
  ring[i + 1] = b;
  Atomics.store(ring, TAIL, tail + 1);
  return Atomics.exchange(ring, RUNG, 1) === 0;
}

/** Reads every pair written so far. The flag is cleared first: a pair written after that rings again. */
export function drain(ring, each) {
  Atomics.store(ring, RUNG, 0);
  let head = Atomics.load(ring, HEAD);
  for (let tail = Atomics.load(ring, TAIL); head !== tail; head++) {
    const i = 4 + 2 * (head % CAPACITY);
    each(ring[i], ring[i + 1]);
  }
  Atomics.store(ring, HEAD, head);
}
