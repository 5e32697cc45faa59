// A marker as the default export, through an aliased import and a namespace import.
import * as t from "tamed";
import { makeAsync as ma } from "tamed";

const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push(i.toString(16).padStart(2, "0"));

export const toHex = t.tamed(async (bytes: number[]): Promise<string> => bytes.map((b) => HEX[b & 0xff]).join(""));

export default ma((hex: string): number[] => {
  const out: number[] = [];
  for (let i = 0; i + 1 < hex.length; i += 2) out.push(HEX.indexOf(hex.slice(i, i + 2).toLowerCase()));
  return out;
});
