// PBKDF2-HMAC-SHA256 (RFC 8018, RFC 2104, FIPS 180-4) in plain TypeScript: the kind of
// password hashing a login route does, and deliberately CPU work in JavaScript (node:crypto
// would run it in C++ off the JS thread's hot path, which is not what this sample is about).

// SHA-256 round constants.
const K = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

// SHA-256 initial hash value.
const IV = Int32Array.from([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

/** One SHA-256 compression: folds the 16-word block in w[0..15] into `state`. w must hold 64 words. */
function compress(state: Int32Array, w: Int32Array): void {
  for (let i = 16; i < 64; i++) {
    const x = w[i - 15];
    const y = w[i - 2];
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
  }
  let a = state[0],
    b = state[1],
    c = state[2],
    d = state[3];
  let e = state[4],
    f = state[5],
    g = state[6],
    h = state[7];
  for (let i = 0; i < 64; i++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + s1 + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0] + a) | 0;
  state[1] = (state[1] + b) | 0;
  state[2] = (state[2] + c) | 0;
  state[3] = (state[3] + d) | 0;
  state[4] = (state[4] + e) | 0;
  state[5] = (state[5] + f) | 0;
  state[6] = (state[6] + g) | 0;
  state[7] = (state[7] + h) | 0;
}

/**
 * SHA-256 of `data`, continued from `state` after `before` bytes (a multiple of 64) were
 * already hashed into it: HMAC starts its inner and outer hashes from a precomputed state.
 */
function sha256From(state: Int32Array, data: Uint8Array, before = 0): Int32Array {
  const s = state.slice();
  const w = new Int32Array(64);
  const blocks = Math.ceil((data.length + 9) / 64);
  const padded = new Uint8Array(blocks * 64);
  padded.set(data);
  padded[data.length] = 0x80;
  const bits = (before + data.length) * 8;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bits / 2 ** 32));
  view.setUint32(padded.length - 4, bits >>> 0);
  for (let off = 0; off < padded.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getInt32(off + i * 4);
    compress(s, w);
  }
  return s;
}

function wordsToBytes(words: Int32Array): Uint8Array {
  const out = new Uint8Array(words.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < words.length; i++) view.setInt32(i * 4, words[i]);
  return out;
}

/** PBKDF2-HMAC-SHA256 of a password and salt, one 32-byte block, as hex: what a login route stores. */
export function pbkdf2Sha256Hex(password: string, salt: string, iterations: number): string {
  const utf8 = new TextEncoder();
  let key: Uint8Array = utf8.encode(password);
  if (key.length > 64) key = wordsToBytes(sha256From(IV, key));

  // HMAC's inner and outer hashes each start with one block of the padded key: hash it once.
  const w = new Int32Array(64);
  const keyBlock = new Uint8Array(64);
  keyBlock.set(key);
  const keyView = new DataView(keyBlock.buffer);
  const inner = IV.slice();
  for (let i = 0; i < 16; i++) w[i] = keyView.getInt32(i * 4) ^ 0x36363636;
  compress(inner, w);
  const outer = IV.slice();
  for (let i = 0; i < 16; i++) w[i] = keyView.getInt32(i * 4) ^ 0x5c5c5c5c;
  compress(outer, w);

  // U1 = HMAC(password, salt || INT(1)).
  const saltBytes = utf8.encode(salt);
  const first = new Uint8Array(saltBytes.length + 4);
  first.set(saltBytes);
  first[first.length - 1] = 1;
  const u = sha256From(outer, wordsToBytes(sha256From(inner, first, 64)), 64);
  const t = u.slice();

  // U2..Uc = HMAC(password, U(j-1)): each message is one 32-byte digest, so each hash is
  // one block, padded the same way every time (0x80, zeros, length 64 + 32 bytes in bits).
  const s = new Int32Array(8);
  w.fill(0);
  w[8] = 0x80000000 | 0;
  w[15] = (64 + 32) * 8;
  for (let j = 1; j < iterations; j++) {
    for (let i = 0; i < 8; i++) w[i] = u[i];
    s.set(inner);
    compress(s, w);
    for (let i = 0; i < 8; i++) w[i] = s[i];
    u.set(outer);
    compress(u, w);
    for (let i = 0; i < 8; i++) t[i] ^= u[i];
  }
  let hex = "";
  for (let i = 0; i < 8; i++) hex += (t[i] >>> 0).toString(16).padStart(8, "0");
  return hex;
}
