// SHA3-256 with its round constants, rotation offsets and lane permutation filled by a
// top-level loop, as noble-hashes' sha3.ts does (64-bit lanes as bigints here).

const MASK = (1n << 64n) - 1n;
const ROUND_CONSTANTS: bigint[] = [];
const ROTATIONS: number[] = [];
const PI: number[] = [];
for (let round = 0, r = 1n, x = 1, y = 0; round < 24; round++) {
  [x, y] = [y, (2 * x + 3 * y) % 5];
  PI.push(5 * y + x);
  ROTATIONS.push((((round + 1) * (round + 2)) / 2) % 64);
  let t = 0n;
  for (let j = 0; j < 7; j++) {
    r = ((r << 1n) ^ ((r >> 7n) * 0x71n)) % 256n;
    if (r & 2n) t ^= 1n << ((1n << BigInt(j)) - 1n);
  }
  ROUND_CONSTANTS.push(t);
}

const rotl = (v: bigint, n: number): bigint => ((v << BigInt(n)) | (v >> BigInt(64 - n))) & MASK;

function keccakF(s: bigint[]): void {
  const c = new Array<bigint>(5);
  for (let round = 0; round < 24; round++) {
    for (let x = 0; x < 5; x++) c[x] = s[x]! ^ s[x + 5]! ^ s[x + 10]! ^ s[x + 15]! ^ s[x + 20]!;
    for (let x = 0; x < 5; x++) {
      const d = c[(x + 4) % 5]! ^ rotl(c[(x + 1) % 5]!, 1);
      for (let y = 0; y < 25; y += 5) s[x + y]! ^= d;
    }
    let current = s[1]!;
    for (let t = 0; t < 24; t++) {
      const next = s[PI[t]!]!;
      s[PI[t]!] = rotl(current, ROTATIONS[t]!);
      current = next;
    }
    for (let y = 0; y < 25; y += 5) {
      const row = s.slice(y, y + 5);
      for (let x = 0; x < 5; x++) s[y + x] = row[x]! ^ (~row[(x + 1) % 5]! & MASK & row[(x + 2) % 5]!);
    }
    s[0] = s[0]! ^ ROUND_CONSTANTS[round]!;
  }
}

/** @tamed */
export async function sha3_256(text: string): Promise<string> {
  const rate = 136;
  const bytes = new TextEncoder().encode(text);
  const padded = new Uint8Array(Math.ceil((bytes.length + 1) / rate) * rate);
  padded.set(bytes);
  padded[bytes.length]! ^= 0x06;
  padded[padded.length - 1]! ^= 0x80;
  const state = new Array<bigint>(25).fill(0n);
  for (let block = 0; block < padded.length; block += rate) {
    for (let lane = 0; lane < rate / 8; lane++) {
      let v = 0n;
      for (let b = 7; b >= 0; b--) v = (v << 8n) | BigInt(padded[block + lane * 8 + b]!);
      state[lane] = state[lane]! ^ v;
    }
    keccakF(state);
  }
  let hex = "";
  for (let lane = 0; lane < 4; lane++) for (let b = 0; b < 8; b++) hex += ((state[lane]! >> BigInt(8 * b)) & 0xffn).toString(16).padStart(2, "0");
  return hex;
}
