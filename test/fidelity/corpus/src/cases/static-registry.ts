// A class with a static registry, filled by top-level Codec.register(...) calls.
import { makeAsync } from "tamed";

export class Codec {
  static readonly registry = new Map<string, Codec>();

  static register(codec: Codec): void {
    Codec.registry.set(codec.name, codec);
  }

  constructor(
    readonly name: string,
    readonly encode: (s: string) => string,
  ) {}
}

Codec.register(new Codec("rot13", (s) => s.replace(/[a-z]/gi, (c) => String.fromCharCode(((c.charCodeAt(0) - (c <= "Z" ? 65 : 97) + 13) % 26) + (c <= "Z" ? 65 : 97)))));
Codec.register(new Codec("hex", (s) => [...new TextEncoder().encode(s)].map((b) => b.toString(16).padStart(2, "0")).join("")));

export const encodeWith = makeAsync((codec: string, text: string): string => {
  const c = Codec.registry.get(codec);
  if (c === undefined) throw new RangeError(`unknown codec '${codec}'`);
  return c.encode(text);
});
