// Enums: numeric (with its reverse mapping), string, and computed members.
import { makeAsync } from "tamed";

export enum Level {
  Debug = 10,
  Info = 20,
  Warn = 30,
  Error = 40,
}

enum Tag {
  Debug = "DBG",
  Info = "INF",
  Warn = "WRN",
  Error = "ERR",
}

enum Flags {
  None = 0,
  Bold = 1 << 0,
  Italic = 1 << 1,
  Code = "code".length << 2,
}

export const levelInfo = makeAsync((level: Level, flags: number): string => {
  const name = Level[level] as keyof typeof Tag | undefined;
  if (name === undefined) throw new RangeError(`no level ${level}`);
  const set = (Object.keys(Flags) as (keyof typeof Flags)[]).filter((k) => isNaN(Number(k)) && Flags[k] !== 0 && (flags & Flags[k]) !== 0);
  return `${name}/${Tag[name]}/${set.join("+") || "plain"}`;
});
