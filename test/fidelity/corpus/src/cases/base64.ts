// A decoding table filled by a top-level call of a module function (`init()`), as
// base64-js and many codecs do.
import { tamed } from "tamed";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const DECODE = new Int16Array(128).fill(-1);

function init(): void {
  for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;
  DECODE["-".charCodeAt(0)] = 62; // the URL-safe alphabet too
  DECODE["_".charCodeAt(0)] = 63;
}
init();

export const decodeBase64 = tamed(async (text: string): Promise<number[]> => {
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const [i, ch] of [...text.replace(/=+$/, "")].entries()) {
    const v = DECODE[ch.charCodeAt(0)] ?? -1;
    if (v < 0) throw new SyntaxError(`invalid base64 character '${ch}' at ${i}`);
    value = (value << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >> bits) & 0xff);
    }
  }
  return out;
});
