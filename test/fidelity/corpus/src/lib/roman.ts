// Reached through a tsconfig "paths" alias (@corpus/roman.js): a table built at load.
const NUMERALS: [number, string][] = [];
for (const [v, s] of Object.entries({ 1000: "M", 900: "CM", 500: "D", 400: "CD", 100: "C", 90: "XC", 50: "L", 40: "XL", 10: "X", 9: "IX", 5: "V", 4: "IV", 1: "I" })) {
  NUMERALS.push([Number(v), s]);
}
NUMERALS.sort((a, b) => b[0] - a[0]);

export function toRoman(n: number): string {
  if (!Number.isInteger(n) || n <= 0 || n >= 4000) throw new RangeError(`cannot write ${n} in roman numerals`);
  let out = "";
  for (const [v, s] of NUMERALS) {
    while (n >= v) {
      out += s;
      n -= v;
    }
  }
  return out;
}
