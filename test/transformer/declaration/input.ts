// `/** @tamed */` and `/** @makeAsync */` on function declarations: at module level kept
// whole (an anonymous default export as it stands), nested only the declaration; the
// comment may sit on an overload signature.
const SUFFIX = "!";

/** @tamed */
export async function shout(msg: string): Promise<string> {
  return msg.toUpperCase() + SUFFIX;
}

/**
 * Adds.
 * @makeAsync
 */
export async function add(a: number, b: number): Promise<number> {
  return a + b;
}

/** @tamed */
export async function pad(s: string): Promise<string>;
export async function pad(s: string, n?: number): Promise<string> {
  return s.padStart(n ?? 4);
}

export function outer(): (x: number) => unknown {
  /** @tamed */
  async function inner(x: number): Promise<number> {
    return x * 2;
  }
  return inner;
}

/** @tamed */
export default async function (x: number): Promise<number> {
  return x + 1;
}
