// Reached through package.json "imports" (#lib/adler.js).
const MOD_ADLER = 65521;

export function adler32(text: string): number {
  let a = 1;
  let b = 0;
  for (const byte of new TextEncoder().encode(text)) {
    a = (a + byte) % MOD_ADLER;
    b = (b + a) % MOD_ADLER;
  }
  return ((b << 16) | a) >>> 0;
}
